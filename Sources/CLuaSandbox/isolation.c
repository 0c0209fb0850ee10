// One assessment cannot see another, and read-only means read-only.
//
// - Frozen tables: a table frozen in place keeps its identity, but its contents move to a hidden
//   shadow; a locked metatable reads the shadow (__index, __len, __pairs) and refuses every write
//   (__newindex, which fires for every key, since the table itself is left empty). Nothing a script
//   can reach writes the shadow: scripts have no rawset, rawget, getmetatable or debug.
// - The seal: once the rule files have loaded, every table their functions can reach is frozen, and
//   the upvalues of those functions (the files' own locals) are recorded; `restore` puts them back
//   before each assessment, so nothing written during one is left for the next.
// - Iteration in a fixed order: Lua 5.4 seeds its string hash per state, so raw `next` visits string
//   keys in a different order in every state (every --jobs worker, every run). The `pairs` and `next`
//   scripts get visit numbers first (ascending), then strings (by bytes), then false, then true.
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Private keys of a frozen table's metatable: light userdata, which no script can make. Distinct
   objects, so distinct addresses. */
static char shadow_key, order_key, what_key, hint_key, snapshots_key, next_orders_key;

/* Work done inside one call, charged at the rates of tables.c (about 2 ns a unit). */
#define UNITS_PER_KEY 2
#define UNITS_PER_COMPARISON 4
#define UNITS_PER_SLOT 1   /* lua_next passing one slot, live or empty: ~0.3 instructions */
#define UNITS_PER_PROBE 8  /* one step of a binary search in an order: five API calls */

/* ---- The slots of a table ----
   lua_next walks every slot of a table, live or empty, and a table keeps its slots when its keys are
   removed (until a new key makes it rehash): the work of a traversal is the table's slot count, which
   the API does not give. It is read from Lua 5.4's Table (lobject.h), checked against tables of a
   known shape when each sandbox starts; if the check fails, a table is taken to be as big as the
   memory in use allows. */

#if LUA_VERSION_NUM != 504
#error "isolation.c reads the Lua 5.4 table header"
#endif

typedef struct lua54_table {
    void *next;
    unsigned char tt, marked, flags, lsizenode;
    unsigned int alimit;
    void *array, *node, *lastfree, *metatable, *gclist;
} lua54_table;

#define VTABLE 5                /* LUA_TTABLE, variant 0 */
#define ALIMIT_IS_A_HINT 0x80   /* BITRAS: the array's size is alimit rounded up to a power of 2 */
#define SLOT_BYTES 16           /* a TValue; a hash node is bigger */

int lsb__check_table_layout(lua_State *L) {
    const lua54_table *sized, *empty;
    int known;
    lua_createtable(L, 37, 100);
    lua_createtable(L, 0, 0);
    sized = lua_topointer(L, -2);
    empty = lua_topointer(L, -1);
    known = sized->tt == VTABLE && sized->alimit == 37 && !(sized->flags & ALIMIT_IS_A_HINT) &&
            sized->lsizenode == 7 && sized->array != NULL && sized->lastfree != NULL &&
            empty->tt == VTABLE && empty->alimit == 0 && empty->lsizenode == 0 && empty->array == NULL &&
            empty->lastfree == NULL && empty->node != NULL;
    lua_pop(L, 2);
    return known;
}

/* The slots a traversal of the table at `t` walks. */
static uint64_t table_slots(lua_State *L, lsb_sandbox *sb, int t) {
    const lua54_table *table;
    uint64_t array;
    if (!sb->knows_table_layout)
        return sb->bytes_in_use / SLOT_BYTES;
    table = lua_topointer(L, t);
    array = table->alimit;
    if ((table->flags & ALIMIT_IS_A_HINT) && (array & (array - 1)) != 0) {
        while ((array & (array - 1)) != 0)
            array &= array - 1;  /* the highest bit, */
        array <<= 1;             /* doubled: the next power of 2 */
    }
    return array + ((uint64_t)1 << table->lsizenode);
}

/* Charges one traversal of the table at `t`. */
static void charge_traversal(lua_State *L, lsb_sandbox *sb, int t, int level) {
    lsb__charge(L, sb, lsb__saturating_multiply(table_slots(L, sb, t), UNITS_PER_SLOT), level);
}

/* ---- Keys in a fixed order ---- */

enum key_kind { KEY_NUMBER, KEY_STRING, KEY_FALSE, KEY_TRUE };

typedef struct ordered_key {
    int kind;
    int is_integer;
    lua_Integer integer;
    lua_Number number;
    const char *text;  /* valid while the key string is referenced (a table keeps it) */
    size_t length;
    lua_Integer slot;  /* where the key itself is kept, to push it again */
} ordered_key;

/* Fills *key from the value at `index`; 0 if the value has no place in the order. */
static int classify(lua_State *L, int index, ordered_key *key) {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
        key->kind = KEY_NUMBER;
        key->is_integer = lua_isinteger(L, index);
        if (key->is_integer)
            key->integer = lua_tointeger(L, index);
        else
            key->number = lua_tonumber(L, index);
        return 1;
    case LUA_TSTRING:
        key->kind = KEY_STRING;
        key->text = lua_tolstring(L, index, &key->length);
        return 1;
    case LUA_TBOOLEAN:
        key->kind = lua_toboolean(L, index) ? KEY_TRUE : KEY_FALSE;
        return 1;
    default:
        return 0;
    }
}

/* The sign of i - f, exactly: (lua_Number)i may round, but rounding keeps the order. */
static int compare_integer_and_float(lua_Integer i, lua_Number f) {
    lua_Number rounded = (lua_Number)i;
    lua_Integer exact;
    if (rounded != f)
        return rounded < f ? -1 : 1;
    if (f >= 9223372036854775808.0)  /* 2^63: beyond every integer */
        return -1;
    exact = (lua_Integer)f;  /* f is whole and in range here */
    return i < exact ? -1 : i > exact;
}

static int compare_keys(const ordered_key *a, const ordered_key *b) {
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == KEY_STRING) {
        size_t shorter = a->length < b->length ? a->length : b->length;
        int bytes = memcmp(a->text, b->text, shorter);
        if (bytes != 0)
            return bytes < 0 ? -1 : 1;
        return a->length < b->length ? -1 : a->length > b->length;
    }
    if (a->kind != KEY_NUMBER)
        return 0;
    if (a->is_integer && b->is_integer)
        return a->integer < b->integer ? -1 : a->integer > b->integer;
    if (!a->is_integer && !b->is_integer)
        return a->number < b->number ? -1 : a->number > b->number;
    return a->is_integer ? compare_integer_and_float(a->integer, b->number)
                         : -compare_integer_and_float(b->integer, a->number);
}

static int compare_entries(const void *a, const void *b) { return compare_keys(a, b); }

static uint64_t sort_units(lua_Integer count) {
    uint64_t levels = 0;
    while (levels < 63 && ((lua_Integer)1 << levels) < count)
        levels++;
    return lsb__saturating_multiply((uint64_t)count, UNITS_PER_KEY + levels * UNITS_PER_COMPARISON);
}

/* Whether a key of this type has a place in the order. */
static int orderable(int type) {
    return type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TBOOLEAN;
}

/* Pushes the order of the keys of the table at `t` and returns 1: the integer n if they are exactly
   1..n (a sequence: no list is made), else a new list of them in the fixed order. Or pushes nothing
   and returns 0, with the least type (by its number, so the same in every run) of the keys that have
   no place in the order. Charges the work before doing it, with `level` as the stack level that an
   error names. */
static int push_order(lua_State *L, int t, int level, int *bad_type) {
    lsb_sandbox *sb = lsb__from_state(L);
    lua_Integer count = 0, largest = 0, i;
    int sequence = 1, bad = LUA_TNONE, list;
    ordered_key *keys;
    t = lua_absindex(L, t);
    charge_traversal(L, sb, t, level);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        count++;
        if (sequence && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            if (lua_tointeger(L, -1) > largest)
                largest = lua_tointeger(L, -1);
        } else {
            int type = lua_type(L, -1);
            sequence = 0;
            if (!orderable(type) && (bad == LUA_TNONE || type < bad))
                bad = type;
        }
    }
    lsb__check_deadline(L, sb, level);
    if (bad != LUA_TNONE) {
        *bad_type = bad;
        return 0;
    }
    if (sequence && largest == count) {  /* distinct integers in 1..count, count of them */
        lua_pushinteger(L, count);
        return 1;
    }
    lsb__charge(L, sb, sort_units(count), level);
    charge_traversal(L, sb, t, level);
    keys = lua_newuserdatauv(L, (size_t)(count > 0 ? count : 1) * sizeof *keys, 0);
    lua_createtable(L, count > INT_MAX ? INT_MAX : (int)count, 0);
    list = lua_gettop(L);
    i = 0;
    lua_pushnil(L);
    while (i < count && lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, list, i + 1);
        classify(L, -1, &keys[i]);
        keys[i].slot = i + 1;
        i++;
    }
    lua_settop(L, list);  /* the traversal's key, if it stopped early */
    count = i;
    qsort(keys, (size_t)count, sizeof *keys, compare_entries);
    lua_createtable(L, count > INT_MAX ? INT_MAX : (int)count, 0);
    for (i = 0; i < count; i++) {
        lua_rawgeti(L, list, keys[i].slot);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, list - 1);  /* over the userdata */
    lua_settop(L, list - 1);
    return 1;
}

/* An order as push_order gives it: its length, and key number `position` pushed (nil past the end). */
static lua_Integer order_length(lua_State *L, int order) {
    return lua_type(L, order) == LUA_TNUMBER ? lua_tointeger(L, order) : (lua_Integer)lua_rawlen(L, order);
}

static int push_key_at(lua_State *L, int order, lua_Integer position) {
    if (lua_type(L, order) != LUA_TNUMBER)
        return lua_rawgeti(L, order, position);
    if (position >= 1 && position <= lua_tointeger(L, order)) {
        lua_pushinteger(L, position);
        return LUA_TNUMBER;
    }
    lua_pushnil(L);
    return LUA_TNIL;
}

/* In the order at `order`, the position of the last key not after `key` (0 if every key comes after
   it); *same says whether that key is `key`. Binary search, charged by its probes. */
static lua_Integer position_in_order(lua_State *L, int order, const ordered_key *key, int *same) {
    lua_Integer low = 1, high = order_length(L, order), found = 0, probes = 1;
    ordered_key probe;
    while (probes < 64 && ((lua_Integer)1 << probes) <= high)
        probes++;
    lsb__charge(L, lsb__from_state(L), (uint64_t)probes * UNITS_PER_PROBE, 1);
    *same = 0;
    while (low <= high) {
        lua_Integer middle = low + (high - low) / 2;
        int sign;
        push_key_at(L, order, middle);
        classify(L, -1, &probe);
        sign = compare_keys(&probe, key);
        lua_pop(L, 1);
        if (sign <= 0) {
            found = middle;
            *same = sign == 0;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return found;
}

static int unorderable(lua_State *L, const char *function, const char *type_name) {
    return luaL_error(L, "%s: a table with a %s as a key has no fixed order to visit its keys in "
                         "(use a list and ipairs)", function, type_name);
}

/* Pushes the order of the table at `t` (as push_order), or raises the error for `function`. */
static void push_order_or_raise(lua_State *L, int t, const char *function) {
    int bad_type;
    if (!push_order(L, t, 1, &bad_type))
        unorderable(L, function, lua_typename(L, bad_type));
}

/* ---- Frozen tables ---- */

/* If the value at `index` is a frozen table, pushes its metatable and returns 1. */
static int push_frozen_metatable(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index))
        return 0;
    if (lua_rawgetp(L, -1, &shadow_key) != LUA_TTABLE) {
        lua_pop(L, 2);
        return 0;
    }
    lua_pop(L, 1);
    return 1;
}

int lsb_push_frozen_contents(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index))
        return 0;
    if (lua_rawgetp(L, -1, &shadow_key) != LUA_TTABLE) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    return 1;
}

/* __newindex of every frozen table. */
static int refuse_change(lua_State *L) {
    const char *key = NULL;
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, &what_key);
    lua_rawgetp(L, -2, &hint_key);
    switch (lua_type(L, 2)) {
    case LUA_TSTRING:
    case LUA_TNUMBER:
        lua_pushvalue(L, 2);
        key = lua_tostring(L, -1);
        break;
    case LUA_TBOOLEAN:
        key = lua_toboolean(L, 2) ? "true" : "false";
        break;
    default:
        key = lua_typename(L, lua_type(L, 2));
        break;
    }
    return luaL_error(L, "%s cannot be changed by a rule (tried to set '%s')%s", lua_tostring(L, 5), key,
                      lua_isstring(L, 6) ? lua_tostring(L, 6) : "");
}

static int frozen_length(lua_State *L) {
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, &shadow_key);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int ordered_next(lua_State *L);

/* pairs of the frozen table at 1 (its __pairs, for Lua's pairs too): the rules' `next`, which walks
   the shadow in the order fixed when it was frozen. */
static int frozen_pairs(lua_State *L) {
    lua_getmetatable(L, 1);
    if (lua_rawgetp(L, -1, &order_key) == LUA_TSTRING)
        return unorderable(L, "pairs", lua_tostring(L, -1));
    lua_pushcfunction(L, ordered_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* Freezes the table at `t` in place. `what` and `hint` (0: none) are stack indices of the strings
   its refusal gives: "<what> cannot be changed by a rule (tried to set 'k')<hint>". With `missing`
   (0: none), reading an absent key calls that function (shadow, key) rather than giving nil.
   All or nothing: everything that can fail (the charge, memory) comes before `t` is touched. */
static void freeze(lua_State *L, int t, int what, int hint, int missing) {
    lsb_sandbox *sb = lsb__from_state(L);
    int shadow, metatable, bad_type;
    t = lua_absindex(L, t);
    /* Two traversals of `t`: the copy and the clearing. */
    lsb__charge(L, sb, lsb__saturating_multiply(table_slots(L, sb, t), 2 * UNITS_PER_SLOT + UNITS_PER_KEY), 1);
    lua_createtable(L, (int)(lua_rawlen(L, t) < INT_MAX ? lua_rawlen(L, t) : 0), 0);
    shadow = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, shadow);
    }
    if (missing != 0) {
        lua_createtable(L, 0, 1);
        lua_pushvalue(L, missing);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, shadow);
    }

    lua_createtable(L, 0, 9);
    metatable = lua_gettop(L);
    lua_pushvalue(L, shadow);
    lua_setfield(L, metatable, "__index");
    lua_pushcfunction(L, refuse_change);
    lua_setfield(L, metatable, "__newindex");
    lua_pushcfunction(L, frozen_length);
    lua_setfield(L, metatable, "__len");
    lua_pushcfunction(L, frozen_pairs);
    lua_setfield(L, metatable, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, metatable, "__metatable");
    lua_pushvalue(L, shadow);
    lua_rawsetp(L, metatable, &shadow_key);
    lua_pushvalue(L, what);
    lua_rawsetp(L, metatable, &what_key);
    if (hint != 0) {
        lua_pushvalue(L, hint);
        lua_rawsetp(L, metatable, &hint_key);
    }
    /* The order is fixed with the contents: worked out once, never during an assessment. A table
       whose keys have no order keeps the type that has none, to name it when someone iterates. */
    if (!push_order(L, shadow, 1, &bad_type))
        lua_pushstring(L, lua_typename(L, bad_type));
    lua_rawsetp(L, metatable, &order_key);

    /* Emptied, so that every write reaches __newindex: setting existing keys to nil (allowed during
       a traversal) and the metatable allocate nothing, so nothing fails from here on. */
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, t);
    }
    lua_pushvalue(L, metatable);
    lua_setmetatable(L, t);
    lua_settop(L, shadow - 1);
}

/* isolation.freeze(t, what [, hint [, missing]]) -> t, for the rule library's own read-only tables. */
static int freeze_function(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TSTRING);
    if (!lua_isnoneornil(L, 3))
        luaL_checktype(L, 3, LUA_TSTRING);
    if (!lua_isnoneornil(L, 4))
        luaL_checktype(L, 4, LUA_TFUNCTION);
    if (lua_getmetatable(L, 1))
        return luaL_error(L, "freeze: the table already has a metatable");
    freeze(L, 1, 2, lua_isnoneornil(L, 3) ? 0 : 3, lua_isnoneornil(L, 4) ? 0 : 4);
    lua_settop(L, 1);
    return 1;
}

/* ---- Iteration for rules ---- */

/* The key after *position in the order at `order` that the table at `t` still holds (keys removed
   since the order was taken are passed, and charged), with its value; or nil. Moves *position to it. */
static int push_next_in_order(lua_State *L, int t, int order, lua_Integer *position) {
    lsb_sandbox *sb = lsb__from_state(L);
    for (;;) {
        if (push_key_at(L, order, ++*position) == LUA_TNIL)
            return 1;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, t) != LUA_TNIL)
            return 2;
        lua_pop(L, 2);
        lsb__charge(L, sb, UNITS_PER_KEY, 1);
    }
}

/* next(t [, key]) in the fixed order. A frozen table walks its shadow by the order worked out when
   it was frozen. Any other table (raw, as Lua's next) is walked by an order taken when a traversal
   starts (next(t)) and kept for the table in a weak registry table, so that each step is a binary
   search, not a search of the whole table: keys removed since are passed, keys added since are not
   visited (Lua leaves next undefined when a traversal adds keys), and a key that is not in the order
   kept takes a new one. */
static int ordered_next(lua_State *L) {
    ordered_key after;
    int has_after, same = 0;
    lua_Integer position = 0;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    has_after = !lua_isnil(L, 2);
    if (has_after && !classify(L, 2, &after))
        return unorderable(L, "next", luaL_typename(L, 2));

    if (push_frozen_metatable(L, 1)) {  /* 3: its metatable */
        lua_rawgetp(L, 3, &shadow_key);  /* 4 */
        if (lua_rawgetp(L, 3, &order_key) == LUA_TSTRING)  /* 5 */
            return unorderable(L, "next", lua_tostring(L, 5));
        /* A shadow never changes, so every key in the order is still there. */
        position = has_after ? position_in_order(L, 5, &after, &same) : 0;
        if (push_key_at(L, 5, position + 1) == LUA_TNIL)
            return 1;
        lua_pushvalue(L, -1);
        lua_rawget(L, 4);
        return 2;
    }

    lua_rawgetp(L, LUA_REGISTRYINDEX, &next_orders_key);  /* 3: table -> the order kept for it */
    lua_pushvalue(L, 1);
    lua_rawget(L, 3);  /* 4: the order kept, or nil */
    if (has_after && !lua_isnil(L, 4))
        position = position_in_order(L, 4, &after, &same);
    if (!same) {
        lua_settop(L, 3);
        push_order_or_raise(L, 1, "next");
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 4);
        lua_rawset(L, 3);
        position = has_after ? position_in_order(L, 4, &after, &same) : 0;
    }
    return push_next_in_order(L, 1, 4, &position);
}

/* The iterator `pairs` returns for a table that is not frozen. Upvalues: the table, the order of
   its keys (taken when pairs was called), the position reached. */
static int ordered_step(lua_State *L) {
    lua_Integer position = lua_tointeger(L, lua_upvalueindex(3));
    int results = push_next_in_order(L, lua_upvalueindex(1), lua_upvalueindex(2), &position);
    lua_pushinteger(L, position);
    lua_replace(L, lua_upvalueindex(3));
    return results;
}

/* pairs(t): __pairs as Lua's pairs honours it, else every key of t in the fixed order. */
static int ordered_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (push_frozen_metatable(L, 1)) {
        lua_pop(L, 1);
        return frozen_pairs(L);
    }
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushvalue(L, 1);
    push_order_or_raise(L, 1, "pairs");
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_step, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* The rule library's own `next`: raw and in no particular order, as Lua's, but it sees the contents
   of a frozen table rather than the empty table in front of them. */
static int library_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_getmetatable(L, 1)) {
        if (lua_rawgetp(L, -1, &shadow_key) == LUA_TTABLE)
            lua_replace(L, 1);
        lua_settop(L, 2);
    }
    if (lua_next(L, 1))
        return 2;
    lua_pushnil(L);
    return 1;
}

/* ---- The seal ---- */

typedef struct upvalue_slot {
    int closure;  /* position in the snapshot's list of closures */
    int upvalue;
} upvalue_slot;

typedef struct snapshot {
    size_t count;
    upvalue_slot slots[];  /* grouped by closure; value i is item i + 1 of the values list */
} snapshot;

static int is_library_function(lua_State *L, int index) {
    lua_Debug ar;
    static const char prefix[] = "@bangfu/";
    if (lua_iscfunction(L, index))
        return 1;
    lua_pushvalue(L, index);
    lua_getinfo(L, ">S", &ar);
    return strncmp(ar.source, prefix, sizeof prefix - 1) == 0;
}

/* isolation.seal(roots, what, hint): from the functions in the list `roots`, every value they can
   reach (upvalues, and keys and values of tables, recursively) is visited, up to what the library
   owns (its functions, C functions, tables with a metatable). Every table found is frozen; the
   upvalues of every function found are recorded for `restore`, with those of earlier seals (one seal
   per rule file, so that a file whose tables cannot be sealed fails alone). Returns the number of
   tables frozen and of upvalues recorded. */
static int seal(lua_State *L) {
    enum { ROOTS = 1, WHAT, HINT, VISITED, PENDING, SEEN_UPVALUES, CLOSURES, VALUES, SLOTS, VALUE };
    lsb_sandbox *sb = lsb__from_state(L);
    lua_Integer pending = 0, closures = 0, recorded = 0, frozen = 0, i;
    snapshot *result;
    luaL_checktype(L, ROOTS, LUA_TTABLE);
    luaL_checktype(L, WHAT, LUA_TSTRING);
    luaL_checktype(L, HINT, LUA_TSTRING);
    lua_settop(L, HINT);
    lua_newtable(L);  /* VISITED: value -> true */
    lua_newtable(L);  /* PENDING: a stack of tables and functions to visit */
    lua_newtable(L);  /* SEEN_UPVALUES: upvalue id -> true (closures share upvalues) */
    lua_newtable(L);  /* CLOSURES */
    lua_newtable(L);  /* VALUES: the recorded upvalue values, in slot order */
    lua_newtable(L);  /* SLOTS: closure * 256 + upvalue (Lua has at most 255 upvalues) */

    for (i = 1; lua_rawgeti(L, ROOTS, i) != LUA_TNIL; i++)
        lua_rawseti(L, PENDING, ++pending);
    lua_pop(L, 1);

    while (pending > 0) {
        int type;
        lua_rawgeti(L, PENDING, pending);  /* VALUE */
        lua_pushnil(L);
        lua_rawseti(L, PENDING, pending--);
        lua_pushvalue(L, VALUE);
        if (lua_rawget(L, VISITED) != LUA_TNIL) {
            lua_settop(L, SLOTS);
            continue;
        }
        lua_pop(L, 1);
        lua_pushvalue(L, VALUE);
        lua_pushboolean(L, 1);
        lua_rawset(L, VISITED);
        type = lua_type(L, VALUE);
        if (type == LUA_TFUNCTION && !is_library_function(L, VALUE)) {
            int upvalue;
            lua_pushvalue(L, VALUE);
            lua_rawseti(L, CLOSURES, ++closures);
            for (upvalue = 1; lua_getupvalue(L, VALUE, upvalue) != NULL; upvalue++) {
                lsb__charge(L, sb, UNITS_PER_KEY, 1);
                lua_pushlightuserdata(L, lua_upvalueid(L, VALUE, upvalue));
                if (lua_rawget(L, SEEN_UPVALUES) != LUA_TNIL) {
                    lua_pop(L, 2);
                    continue;
                }
                lua_pop(L, 1);
                lua_pushlightuserdata(L, lua_upvalueid(L, VALUE, upvalue));
                lua_pushboolean(L, 1);
                lua_rawset(L, SEEN_UPVALUES);
                recorded++;
                lua_pushinteger(L, closures * 256 + upvalue);
                lua_rawseti(L, SLOTS, recorded);
                type = lua_type(L, -1);
                if (type == LUA_TTABLE || type == LUA_TFUNCTION) {
                    lua_pushvalue(L, -1);
                    lua_rawseti(L, PENDING, ++pending);
                }
                lua_rawseti(L, VALUES, recorded);  /* a nil leaves a hole, read back as nil */
            }
        } else if (type == LUA_TTABLE && !lua_getmetatable(L, VALUE)) {
            charge_traversal(L, sb, VALUE, 1);
            lua_pushnil(L);
            while (lua_next(L, VALUE)) {
                int k;
                lsb__charge(L, sb, UNITS_PER_KEY, 1);
                for (k = -2; k <= -1; k++) {
                    type = lua_type(L, k);
                    if (type == LUA_TTABLE || type == LUA_TFUNCTION) {
                        lua_pushvalue(L, k);
                        lua_rawseti(L, PENDING, ++pending);
                    }
                }
                lua_pop(L, 1);
            }
            freeze(L, VALUE, WHAT, HINT, 0);
            frozen++;
        }
        lua_settop(L, SLOTS);
    }

    result = lua_newuserdatauv(L, sizeof *result + (size_t)recorded * sizeof result->slots[0], 2);
    result->count = (size_t)recorded;
    for (i = 0; i < recorded; i++) {
        lua_Integer code;
        lua_rawgeti(L, SLOTS, i + 1);
        code = lua_tointeger(L, -1);
        lua_pop(L, 1);
        result->slots[i].closure = (int)(code / 256);
        result->slots[i].upvalue = (int)(code % 256);
    }
    lua_pushvalue(L, CLOSURES);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, VALUES);
    lua_setiuservalue(L, -2, 2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &snapshots_key);
    lua_insert(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pushinteger(L, frozen);
    lua_pushinteger(L, recorded);
    return 2;
}

/* isolation.restore(): every upvalue recorded by the seals gets back its value of that moment. */
static int restore(lua_State *L) {
    lua_Integer seal_number, seals;
    lua_settop(L, 0);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &snapshots_key);
    seals = (lua_Integer)lua_rawlen(L, 1);
    for (seal_number = 1; seal_number <= seals; seal_number++) {
        const snapshot *recorded;
        int closures, values, current = 0;
        size_t i;
        lua_settop(L, 1);
        lua_rawgeti(L, 1, seal_number);
        recorded = lua_touserdata(L, 2);
        lua_getiuservalue(L, 2, 1);
        closures = lua_gettop(L);
        lua_getiuservalue(L, 2, 2);
        values = lua_gettop(L);
        lua_pushnil(L);  /* the closure being restored */
        for (i = 0; i < recorded->count; i++) {
            const upvalue_slot *slot = &recorded->slots[i];
            if (slot->closure != current) {
                current = slot->closure;
                lua_rawgeti(L, closures, current);
                lua_replace(L, values + 1);
            }
            lua_rawgeti(L, values, (lua_Integer)i + 1);
            lua_setupvalue(L, values + 1, slot->upvalue);
        }
    }
    return 0;
}

void lsb__open_isolation(lua_State *L, int globals) {
    static const luaL_Reg functions[] = {
        {"freeze", freeze_function}, {"seal", seal},           {"restore", restore},
        {"pairs", ordered_pairs},    {"next", ordered_next},   {NULL, NULL},
    };
    globals = lua_absindex(L, globals);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &snapshots_key);
    lua_newtable(L);  /* table -> the order `next` walks it by: weak, as the tables are the rules' */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &next_orders_key);
    luaL_newlib(L, functions);
    lua_setfield(L, globals, "isolation");
    lua_pushcfunction(L, library_next);
    lua_setfield(L, globals, "next");
}
