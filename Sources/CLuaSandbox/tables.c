// table.*, utf8.*, string.char/pack/unpack/packsize, math.max/min and select, whose work grows
// with their arguments, charged to the instruction budget before they run: the count hook never
// fires inside a C function, and table.move({}, 1, 1e9, 2) is a single call. Those that loop over
// their arguments are charged one unit each: a vararg spread (f(...)) puts up to a million values on
// the stack in one instruction. Rates follow measured costs (about 2 ns a unit).
#include "internal.h"

#include <lualib.h>

enum charged_function {
    CONCAT, UNPACK, MOVE, INSERT, REMOVE, UTF8_LEN, UTF8_CODEPOINT, UTF8_OFFSET, ARGUMENTS, PACKING,
};

static int integer_argument(lua_State *L, int arg, lua_Integer *value) {
    int isnum;
    *value = lua_tointegerx(L, arg, &isnum);
    return isnum;
}

/* Positions first..last inclusive, without overflow. */
static uint64_t span(lua_Integer first, lua_Integer last) {
    return last >= first ? (uint64_t)last - (uint64_t)first + 1 : 0;
}

/* #list as the original reads it. A __len metamethod is Lua code, so it runs under the hook. */
static lua_Integer length_of(lua_State *L, int arg) {
    if (lua_type(L, arg) != LUA_TTABLE)
        return 0;
    if (luaL_getmetafield(L, arg, "__len") == LUA_TNIL)
        return (lua_Integer)lua_rawlen(L, arg);
    lua_pop(L, 1);
    return luaL_len(L, arg);
}

/* A missing end position of a table is filled in with its length, so that the original does not
   run __len a second time. Returns 0 when the arguments are not what the original accepts. */
static int table_range(lua_State *L, int first_arg, lua_Integer *first, lua_Integer *last) {
    if (lua_isnoneornil(L, first_arg))
        *first = 1;
    else if (!integer_argument(L, first_arg, first))
        return 0;
    if (!lua_isnoneornil(L, first_arg + 1))
        return integer_argument(L, first_arg + 1, last);
    if (lua_type(L, 1) != LUA_TTABLE)
        return 0;
    *last = length_of(L, 1);
    lua_settop(L, first_arg + 1);
    lua_pushinteger(L, *last);
    lua_replace(L, first_arg + 1);
    return 1;
}

/* A string position as Lua reads it (negative from the end), clamped to 0..length. */
static lua_Integer string_position(lua_Integer position, size_t length) {
    if (position < 0)
        position = (lua_Integer)length + position + 1;
    if (position < 0)
        return 0;
    return position > (lua_Integer)length ? (lua_Integer)length : position;
}

/* Arguments the original would refuse cost nothing here: it raises its own error. */
static uint64_t estimate(lua_State *L, int function) {
    lua_Integer first, last;
    switch (function) {
    case CONCAT:  /* concat(list [, sep [, i [, j]]]) */
        if (lua_type(L, 1) != LUA_TTABLE || !table_range(L, 3, &first, &last))
            return 0;
        return lsb__saturating_multiply(span(first, last), 4);
    case UNPACK:  /* unpack(list [, i [, j]]) */
        return table_range(L, 2, &first, &last) ? span(first, last) : 0;
    case MOVE:  /* move(a1, f, e, t [, a2]) */
        if (!integer_argument(L, 2, &first) || !integer_argument(L, 3, &last))
            return 0;
        return lsb__saturating_multiply(span(first, last), 4);
    case INSERT:  /* insert(list, [pos,] value): shifts pos..#list up */
        if (lua_gettop(L) != 3 || !integer_argument(L, 2, &first))
            return 1;
        return lsb__saturating_multiply(span(first, length_of(L, 1)), 2);
    case REMOVE:  /* remove(list [, pos]): shifts pos+1..#list down */
        if (lua_isnoneornil(L, 2) || !integer_argument(L, 2, &first))
            return 1;
        return lsb__saturating_multiply(span(first, length_of(L, 1)), 2);
    case UTF8_LEN:     /* len(s [, i [, j [, lax]]]): scans the bytes */
    case UTF8_OFFSET:  /* offset(s, n [, i]): walks the bytes */
        return lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) / 4 : 0;
    case UTF8_CODEPOINT: {  /* codepoint(s [, i [, j [, lax]]]): one value per character */
        size_t bytes = lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) : 0;
        if (lua_isnoneornil(L, 2))
            first = 1;
        else if (!integer_argument(L, 2, &first))
            return 0;
        if (lua_isnoneornil(L, 3))
            last = first;
        else if (!integer_argument(L, 3, &last))
            return 0;
        return span(string_position(first, bytes), string_position(last, bytes));
    }
    case ARGUMENTS:  /* char(...), max(...), pack(...): one pass over the arguments */
        return (uint64_t)lua_gettop(L);
    case PACKING:  /* string.pack/unpack/packsize(fmt, ...): one pass over the format, values */
        return (uint64_t)lua_gettop(L) + (lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) : 0);
    default:
        return 0;
    }
}

/* Upvalues: the original function, its enum charged_function. */
static int charged(lua_State *L) {
    uint64_t units = estimate(L, (int)lua_tointeger(L, lua_upvalueindex(2)));
    lsb__charge(L, lsb__from_state(L), units, 1);
    return lsb__call_original(L);
}

/* select(n, ...) as the original, charged for the values it returns. */
static int sandbox_select(lua_State *L) {
    int n = lua_gettop(L);
    lua_Integer i;
    if (lua_type(L, 1) == LUA_TSTRING && *lua_tostring(L, 1) == '#') {
        lua_pushinteger(L, n - 1);
        return 1;
    }
    i = luaL_checkinteger(L, 1);
    if (i < 0)
        i = n + i;
    else if (i > n)
        i = n;
    luaL_argcheck(L, 1 <= i, 1, "index out of range");
    lsb__charge(L, lsb__from_state(L), (uint64_t)(n - i), 1);
    return n - (int)i;
}

typedef struct charged_spec {
    const char *name;
    int function;
} charged_spec;

static void guard_library(lua_State *L, int globals, const char *library, const charged_spec *specs) {
    int table, originals;
    lua_getfield(L, globals, library);
    table = lua_gettop(L);
    /* The registry's loaded table keeps the originals: an original called by its wrapper has no
       name of its own, and Lua then finds it there ("bad argument #1 to 'table.concat'"). The
       loaded table is out of the scripts' reach (no package, no debug). */
    lua_newtable(L);
    originals = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, table)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, originals);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushvalue(L, originals);
    lua_setfield(L, -2, library);
    lua_pop(L, 2);
    for (; specs->name != NULL; specs++) {
        lua_getfield(L, table, specs->name);
        lua_pushinteger(L, specs->function);
        lua_pushcclosure(L, charged, 2);
        lua_setfield(L, table, specs->name);
    }
    lua_pop(L, 1);
}

void lsb__guard_table_and_utf8_libraries(lua_State *L, int globals) {
    static const charged_spec table_functions[] = {
        {"concat", CONCAT}, {"unpack", UNPACK}, {"move", MOVE}, {"insert", INSERT},
        {"remove", REMOVE}, {"pack", ARGUMENTS}, {NULL, 0},
    };
    static const charged_spec utf8_functions[] = {
        {"len", UTF8_LEN}, {"codepoint", UTF8_CODEPOINT}, {"offset", UTF8_OFFSET}, {"char", ARGUMENTS},
        {NULL, 0},
    };
    static const charged_spec string_functions[] = {
        {"char", ARGUMENTS}, {"pack", PACKING}, {"unpack", PACKING}, {"packsize", PACKING}, {NULL, 0},
    };
    static const charged_spec math_functions[] = {{"max", ARGUMENTS}, {"min", ARGUMENTS}, {NULL, 0}};
    guard_library(L, globals, LUA_TABLIBNAME, table_functions);
    guard_library(L, globals, LUA_UTF8LIBNAME, utf8_functions);
    guard_library(L, globals, LUA_STRLIBNAME, string_functions);
    guard_library(L, globals, LUA_MATHLIBNAME, math_functions);
    lua_getfield(L, globals, LUA_TABLIBNAME);
    lsb__replace_sort(L, lua_gettop(L));
    lua_pop(L, 1);
    lua_pushcfunction(L, sandbox_select);
    lua_setfield(L, globals, "select");
}
