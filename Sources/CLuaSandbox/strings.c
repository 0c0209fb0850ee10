// string.rep / find / match / gmatch / gsub / byte / format charged to the instruction budget
// before they run: the count hook never fires inside a C function, and these can run for seconds in
// one call. Each is charged for the loop it runs (copies, start positions, replacements, values
// pushed), whatever it produces; the bytes it produces are charged again when the result string is
// made (sandbox.c). Also tostring and format without memory addresses.
#include "internal.h"

#include <string.h>

#define ESCAPE_UNITS 4             /* one %0-%9 of a gsub replacement, per match */

enum pattern_function { FIND, MATCH, GMATCH, GSUB };

/* string.rep of our own: the first copy (with its separator) is written once, then the filled part
   is copied onto the rest, doubling each time. Its work is the bytes it produces, whatever the count:
   Lua's own loops once per copy, so rep("", math.maxinteger) never returns. */
static int sandbox_rep(lua_State *L) {
    lsb_sandbox *sb = lsb__from_state(L);
    size_t length, separator_length, unit, filled;
    const char *text = luaL_checklstring(L, 1, &length);
    lua_Integer count = luaL_checkinteger(L, 2);
    const char *separator = luaL_optlstring(L, 3, "", &separator_length);
    uint64_t total;
    luaL_Buffer buffer;
    char *out;
    if (count <= 0 || length + separator_length == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    unit = length + separator_length;
    total = lsb__saturating_multiply((uint64_t)count, unit) - separator_length;
    if (unit < length || total > sb->memory_cap) {
        char cap[48];
        lsb__format_bytes(cap, sizeof cap, sb->memory_cap);
        lsb__stop(L, sb, LSB_STOP_MEMORY, 1, "memory limit of %s exceeded (string.rep of %llu bytes)",
                  cap, (unsigned long long)(unit < length ? UINT64_MAX : total));
    }
    lsb__charge(L, sb, total / 8 + 1, 1);
    out = luaL_buffinitsize(L, &buffer, (size_t)total);
    memcpy(out, text, length);
    filled = length;
    if (count > 1) {
        memcpy(out + length, separator, separator_length);
        filled = unit;
    }
    /* `filled` is a whole number of units, so each copy continues the pattern. */
    while (filled < total) {
        size_t chunk = filled < total - filled ? filled : (size_t)total - filled;
        memcpy(out + filled, out, chunk);
        filled += chunk;
    }
    luaL_pushresultsize(&buffer, (size_t)total);
    return 1;
}

/* Index just past the set that starts at p[i] == '[' (as Lua's matcher reads it). */
static size_t set_end(const char *p, size_t length, size_t i) {
    i++;
    if (i < length && p[i] == '^')
        i++;
    do {  /* the first character is part of the set even if it is ']' */
        if (i >= length)
            return length;
        if (p[i++] == '%' && i < length)
            i++;
    } while (i < length && p[i] != ']');
    return i < length ? i + 1 : length;
}

/* The worst case of Lua's backtracking matcher (lstrlib.c) on a subject of n bytes, in units (a unit
   is one VM instruction, about 2 ns). Measured with lua5.4 against its own instructions, one try of
   one pattern item at one position costs what 3.3 instructions do for a literal or '.' (string.find
   of "." .. ("a"):rep(m) .. "b" in ("a"):rep(n), 8.5 ns on this project's machine), 6.7 for a class
   such as %a, and a set [...] more with each of its bytes. Without quantifiers every start position
   tries each item at most once. Each item quantified with '*', '+' or '-' is tried at every length
   the rest of the subject allows, and the rest of the pattern after each: with q such choices (an
   unanchored search adds one, its start position) the lengths chosen sum to at most n, which
   C(n + q, q) ways do. An optional item ('?') doubles the tries, and %b or a back-reference scans up
   to the whole subject on each. gmatch and gsub walk the same start positions, so they cost what an
   unanchored find costs. */
#define ITEM_UNITS 4
#define CLASS_UNITS 8              /* %a, %d, %., ...: one class or escaped character */
#define CAPTURE_UNITS 2            /* '(' or ')', '$' at the end */
#define START_UNITS 2              /* each try of the whole pattern (a start position) */
#define BACKREFERENCE_BYTES_PER_UNIT 16  /* %1: memcmp of the capture */

static double pattern_units(const char *p, size_t length, size_t n, int anchored) {
    unsigned choices = anchored ? 0 : 1, optional = 0;
    double per_try = START_UNITS, tries = 1;
    size_t i = anchored ? 1 : 0;
    unsigned k;
    while (i < length) {
        size_t end;
        double units;
        char c = p[i];
        if (c == '(' || c == ')' || (c == '$' && i + 1 == length)) {
            per_try += CAPTURE_UNITS;
            i++;
            continue;
        }
        if (c == '%') {
            char d = i + 1 < length ? p[i + 1] : '\0';
            if (d == 'b') {  /* matchbalance walks the subject, ~2 ns a byte */
                per_try += ITEM_UNITS + (double)n;
                i += 4;
                continue;
            }
            if (d == 'f') {  /* two set tests */
                size_t set = i + 2;
                i = set < length && p[set] == '[' ? set_end(p, length, set) : set;
                per_try += 2 * (ITEM_UNITS + (double)(i - set));
                continue;
            }
            if (d >= '0' && d <= '9') {
                per_try += ITEM_UNITS + (double)n / BACKREFERENCE_BYTES_PER_UNIT;
                i += 2;
                continue;
            }
            end = i + 2;
            units = CLASS_UNITS;
        } else if (c == '[') {
            end = set_end(p, length, i);
            units = ITEM_UNITS + (double)(end - i);  /* matchbracketclass reads the set */
        } else {
            end = i + 1;
            units = ITEM_UNITS;
        }
        if (end < length && (p[end] == '*' || p[end] == '+' || p[end] == '-')) {
            choices++;
            end++;
        } else if (end < length && p[end] == '?') {
            optional++;
            end++;
        }
        per_try += units;
        i = end;
    }
    /* C(n + choices, choices), and 2 per optional item; doubles, so that nothing overflows (a
       bound far past any budget is as good as the exact figure). */
    for (k = 1; k <= choices && tries < 1e30; k++)
        tries = tries * ((double)n + k) / k;
    for (k = 0; k < optional && tries < 1e30; k++)
        tries *= 2;
    return tries * per_try;
}

static int has_specials(const char *p, size_t length) {
    size_t i;
    for (i = 0; i < length; i++)
        if (memchr("^$*+?.([%-", p[i], 10) != NULL)
            return 1;
    return 0;
}

/* Start offset of init (1-based, negative from the end) as string.find reads it. */
static size_t start_offset(lua_Integer init, size_t length) {
    if (init > 0)
        return (size_t)init - 1;
    if (init == 0 || (size_t)-(init + 1) >= length)
        return 0;
    return length + (size_t)init;
}

/* What gsub does per match beyond matching: a string replacement is scanned for escapes and each
   %0-%9 copies a capture; a table or function replacement is looked up or called (Lua code, which
   the hook counts) and its value copied. */
static uint64_t replacement_units(lua_State *L, uint64_t matches) {
    uint64_t per_match = 1;
    if (lua_type(L, 3) == LUA_TSTRING || lua_type(L, 3) == LUA_TNUMBER) {
        size_t length, escapes = 0;
        const char *replacement = lua_tolstring(L, 3, &length);
        const char *end = replacement + length, *p = replacement;
        while ((p = memchr(p, '%', (size_t)(end - p))) != NULL && ++p < end) {
            escapes++;
            p++;
        }
        per_match += lsb__saturating_multiply(escapes, ESCAPE_UNITS) + length / 16;
    }
    return lsb__saturating_multiply(matches, per_match);
}

/* Upvalues: the original function, its enum pattern_function. */
static int sandbox_pattern(lua_State *L) {
    lsb_sandbox *sb = lsb__from_state(L);
    int function = (int)lua_tointeger(L, lua_upvalueindex(2));
    size_t subject_length, pattern_length, start = 0, n;
    const char *pattern;
    uint64_t units, replacement = 0;
    luaL_checklstring(L, 1, &subject_length);
    pattern = luaL_checklstring(L, 2, &pattern_length);
    if (function == GSUB) {
        int type = lua_type(L, 3);
        lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)subject_length + 1);
        luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION ||
                                type == LUA_TTABLE,
                         3, "string/function/table");
        /* At most one match per start position, and at most `most`. */
        replacement = replacement_units(L, most < 0 ? 0 : (uint64_t)most < (uint64_t)subject_length + 1
                                                              ? (uint64_t)most : (uint64_t)subject_length + 1);
    } else {
        start = start_offset(luaL_optinteger(L, 3, 1), subject_length);
    }
    n = start < subject_length ? subject_length - start : 0;
    if (function == FIND && (lua_toboolean(L, 4) || !has_specials(pattern, pattern_length))) {
        units = lsb__saturating_multiply((uint64_t)n + 1, 1 + pattern_length / 16);  /* memchr+memcmp */
    } else {
        double worst = pattern_units(pattern, pattern_length, n,
                                     function != GMATCH && pattern_length > 0 && pattern[0] == '^');
        units = worst >= 1e19 ? UINT64_MAX : worst >= 1 ? (uint64_t)worst : 1;
    }
    if (units > lsb__remaining_budget(sb))
        lsb__stop(L, sb, LSB_STOP_BUDGET, 1,
                  "pattern too costly for a text of %zu bytes (instruction budget of %lld exceeded)",
                  subject_length, (long long)sb->budget);
    if (replacement > lsb__remaining_budget(sb) - units)
        lsb__stop(L, sb, LSB_STOP_BUDGET, 1,
                  "replacement too costly for a text of %zu bytes (instruction budget of %lld exceeded)",
                  subject_length, (long long)sb->budget);
    lsb__charge(L, sb, units + replacement, 1);
    return lsb__call_original(L);
}

/* string.byte(s [, i [, j]]): one unit per value pushed. */
static int sandbox_byte(lua_State *L) {
    size_t length, start, end;
    lua_Integer first, last;
    luaL_checklstring(L, 1, &length);
    first = luaL_optinteger(L, 2, 1);
    last = luaL_optinteger(L, 3, first);
    start = start_offset(first, length);
    /* The end position as Lua reads it, 1-based and clamped to the string. */
    if (last > (lua_Integer)length)
        end = length;
    else if (last >= 0)
        end = (size_t)last;
    else if ((size_t)-(last + 1) >= length)
        end = 0;
    else
        end = length + (size_t)last + 1;
    lsb__charge(L, lsb__from_state(L), end > start ? end - start : 0, 1);
    return lsb__call_original(L);
}

/* luaL_tolstring without memory addresses: a table or function with no __tostring is its type (or
   its __name), the same in every run, and no host detail reaches a decision. Pushes the text. */
const char *lsb__tolstring(lua_State *L, int index, size_t *length) {
    index = lua_absindex(L, index);
    if (luaL_callmeta(L, index, "__tostring")) {
        if (!lua_isstring(L, -1))
            luaL_error(L, "'__tostring' must return a string");
        return lua_tolstring(L, -1, length);
    }
    switch (lua_type(L, index)) {
    case LUA_TNIL: case LUA_TBOOLEAN: case LUA_TNUMBER: case LUA_TSTRING:
        return luaL_tolstring(L, index, length);
    default: {
        int name = luaL_getmetafield(L, index, "__name");  /* pushes nothing when there is none */
        if (name == LUA_TSTRING)
            return lua_tolstring(L, -1, length);
        if (name != LUA_TNIL)
            lua_pop(L, 1);
        lua_pushstring(L, luaL_typename(L, index));
        return lua_tolstring(L, -1, length);
    }
    }
}

static int sandbox_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    lsb__tolstring(L, 1, NULL);
    return 1;
}

/* What string.format does per conversion, measured with lua5.4 against its own instructions (one
   unit each): a number's snprintf costs what 100 or more do (a string is made; 32 are charged, as
   for any call that makes one), more with its width and precision; %f of a float grows with its
   decimal exponent, 17 instructions a decade (%.99f of 1e308 takes 20 µs), %e and %g with 6; %q
   copies a plain byte for 1.5, escapes '"', '\\' and newlines for 2.3 and writes other control
   bytes with snprintf, 33 each; %s with a width or precision checks the text with strlen. Other
   text is copied, and charged when the result is made (sandbox.c). */
#define CONVERSION_UNITS 32
#define DECADE_UNITS 20            /* %f, per decimal digit of the exponent; %e and %g a quarter */
#define QUOTED_UNITS 2
#define QUOTED_ESCAPE_UNITS 3
#define QUOTED_CONTROL_UNITS 36
#define MEASURED_BYTES_PER_UNIT 16

/* The decimal exponent of x, give or take one; 0 for infinities and NaN. */
static unsigned decimal_exponent(lua_Number x) {
    double value = (double)x;
    uint64_t bits;
    int exponent;
    memcpy(&bits, &value, sizeof bits);
    exponent = (int)((bits >> 52) & 0x7ff) - 1023;
    if (exponent == 1024)
        return 0;
    return (unsigned)(exponent < 0 ? -exponent : exponent) * 77 / 256;  /* log10(2) is 0.301 */
}

static uint64_t quoted_units(const char *text, size_t length) {
    uint64_t units = 0;
    size_t i;
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        units += c == '"' || c == '\\' || c == '\n' ? QUOTED_ESCAPE_UNITS
                 : c < 32 || c == 127 ? QUOTED_CONTROL_UNITS : QUOTED_UNITS;
    }
    return units;
}

/* The work of conversion `conversion` with its width and precision on the argument at `argument`
   (which may be past the last one: the original reports that). */
static uint64_t conversion_units(lua_State *L, char conversion, unsigned width, unsigned precision,
                                 int modified, int argument) {
    uint64_t units = CONVERSION_UNITS + width + precision;
    int type = argument <= lua_gettop(L) ? lua_type(L, argument) : LUA_TNONE;
    switch (conversion) {
    case 'q':
        if (type == LUA_TSTRING) {
            size_t length;
            const char *text = lua_tolstring(L, argument, &length);
            units += quoted_units(text, length);
        }
        break;
    case 's':
        if (modified && type == LUA_TSTRING)
            units += lua_rawlen(L, argument) / MEASURED_BYTES_PER_UNIT;
        break;
    case 'f': case 'F':
        if (type == LUA_TNUMBER)
            units += (uint64_t)decimal_exponent(lua_tonumber(L, argument)) * DECADE_UNITS;
        break;
    case 'e': case 'E': case 'g': case 'G':
        if (type == LUA_TNUMBER)
            units += (uint64_t)decimal_exponent(lua_tonumber(L, argument)) * (DECADE_UNITS / 4);
        break;
    default:
        break;
    }
    return units;
}

/* Reads the digits at *p (at most 3, as no valid conversion has more). */
static unsigned digits(const char **p, const char *end) {
    unsigned value = 0, count = 0;
    while (*p < end && **p >= '0' && **p <= '9' && count++ < 3)
        value = value * 10 + (unsigned)(*(*p)++ - '0');
    return value;
}

/* string.format: refuses %p (an address), gives %s of a table or function the text tostring gives,
   and charges each conversion for its work before the original runs. Upvalue: the original. */
static int sandbox_format(lua_State *L) {
    size_t length;
    const char *format = luaL_checklstring(L, 1, &length);
    const char *end = format + length, *p = format;
    int top = lua_gettop(L), argument = 1;
    uint64_t units = (uint64_t)top;
    while ((p = memchr(p, '%', (size_t)(end - p))) != NULL && ++p < end) {
        const char *spec = p;
        unsigned width, precision = 0;
        if (*p == '%') {
            p++;
            continue;
        }
        argument++;
        while (p < end && memchr("-+ #0", *p, 5) != NULL)  /* flags */
            p++;
        width = digits(&p, end);
        if (p < end && *p == '.') {
            p++;
            precision = digits(&p, end);
        }
        if (p == end)
            break;  /* the original reports the invalid conversion */
        if (*p == 'p')
            return luaL_error(L, "string.format: '%%p' is not allowed (it gives a memory address, "
                                 "which changes from run to run)");
        if (*p == 's' && argument <= top && lua_type(L, argument) != LUA_TSTRING &&
            lua_type(L, argument) != LUA_TNUMBER) {
            lsb__tolstring(L, argument, NULL);
            lua_replace(L, argument);
        }
        units += conversion_units(L, *p, width, precision, p > spec, argument);
        p++;
    }
    lsb__charge(L, lsb__from_state(L), units, 1);
    return lsb__call_original(L);
}

static void wrap(lua_State *L, int string_table, const char *name, lua_CFunction wrapper,
                 int function) {
    lua_getfield(L, string_table, name);
    if (function >= 0) {
        lua_pushinteger(L, function);
        lua_pushcclosure(L, wrapper, 2);
    } else {
        lua_pushcclosure(L, wrapper, 1);
    }
    lua_setfield(L, string_table, name);
}

/* Replaces the functions in the real string table, so that ("x"):rep(n) goes through them too
   (the string metatable's __index is that table). */
void lsb__guard_string_library(lua_State *L, int string_table) {
    lua_pushcfunction(L, sandbox_rep);
    lua_setfield(L, string_table, "rep");
    wrap(L, string_table, "byte", sandbox_byte, -1);
    wrap(L, string_table, "find", sandbox_pattern, FIND);
    wrap(L, string_table, "match", sandbox_pattern, MATCH);
    wrap(L, string_table, "gmatch", sandbox_pattern, GMATCH);
    wrap(L, string_table, "gsub", sandbox_pattern, GSUB);
    wrap(L, string_table, "format", sandbox_format, -1);
}

void lsb__replace_tostring(lua_State *L, int globals) {
    lua_pushcfunction(L, sandbox_tostring);
    lua_setfield(L, globals, "tostring");
}
