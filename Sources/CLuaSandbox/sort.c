// table.sort as a stable merge sort: the same order in every run (Lua's own quicksort picks a random
// pivot past 100 elements, so ties came out differently between runs), charged per comparison and
// per byte of long strings compared, with the deadline checked inside its loops.
#include "internal.h"

#include <limits.h>
#include <string.h>

#define MOVE_UNITS 2             /* reading or writing one element */
#define COMPARE_UNITS 2          /* one comparison without a comparator (its own code is counted) */
#define COMPARED_BYTES_PER_UNIT 4
#define EQUAL_PREFIX_PROBE 64    /* strings that differ in their first bytes cost no more than that */
#define CHARGE_EVERY 256         /* comparisons between two charges (and deadline checks) */

typedef struct sorter {
    lua_State *L;
    lsb_sandbox *sb;
    int comparator;              /* stack index of the comparator, 0 for '<' */
    uint64_t pending;            /* units not charged yet */
    unsigned comparisons;
} sorter;

static void settle(sorter *s) {
    lsb__charge(s->L, s->sb, s->pending, 1);
    s->pending = 0;
    lsb__check_deadline(s->L, s->sb, 1);
}

/* Whether the value at `a` sorts before the value at `b`: the comparator, or '<' with its
   metamethods and errors, as the original. */
static int sorts_before(sorter *s, int a, int b) {
    lua_State *L = s->L;
    int before;
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (++s->comparisons % CHARGE_EVERY == 0)
        settle(s);
    if (s->comparator != 0) {
        lua_pushvalue(L, s->comparator);
        lua_pushvalue(L, a);
        lua_pushvalue(L, b);
        lua_call(L, 2, 1);
        before = lua_toboolean(L, -1);
        lua_pop(L, 1);
        return before;
    }
    s->pending += COMPARE_UNITS;
    if (lua_type(L, a) == LUA_TSTRING && lua_type(L, b) == LUA_TSTRING) {
        size_t la, lb;
        const char *x = lua_tolstring(L, a, &la), *y = lua_tolstring(L, b, &lb);
        size_t shorter = la < lb ? la : lb;
        if (x == y)
            return 0;  /* one string: equal */
        if (shorter > EQUAL_PREFIX_PROBE && memcmp(x, y, EQUAL_PREFIX_PROBE) == 0) {
            /* strcoll may walk all of both: charged before, the clock read after. */
            s->pending += shorter / COMPARED_BYTES_PER_UNIT;
            settle(s);
        }
    }
    return lua_compare(L, a, b, LUA_OPLT);
}

/* Merges list[lo, mid) and list[mid, hi) into scratch[lo, hi), then copies that back: on ties the
   left run comes first, and an error in a comparison leaves the list a permutation of itself. */
static void merge(sorter *s, int list, int scratch, lua_Integer lo, lua_Integer mid, lua_Integer hi) {
    lua_State *L = s->L;
    lua_Integer i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        lua_rawgeti(L, list, i);
        lua_rawgeti(L, list, j);
        if (sorts_before(s, -1, -2)) {
            lua_rawseti(L, scratch, k++);
            lua_pop(L, 1);
            j++;
        } else {
            lua_pop(L, 1);
            lua_rawseti(L, scratch, k++);
            i++;
        }
    }
    /* What is left of the right run is in place already. */
    for (; i < mid; i++) {
        lua_rawgeti(L, list, i);
        lua_rawseti(L, scratch, k++);
    }
    for (k = lo; k < j; k++) {
        lua_rawgeti(L, scratch, k);
        lua_rawseti(L, list, k);
    }
}

static int argument_error(lua_State *L, int arg, const char *problem) {
    return luaL_error(L, "bad argument #%d to 'table.sort' (%s)", arg, problem);
}

static int type_error(lua_State *L, int arg, const char *expected) {
    return luaL_error(L, "bad argument #%d to 'table.sort' (%s expected, got %s)", arg, expected,
                      luaL_typename(L, arg));
}

/* A table, or a value whose metatable gives __index, __newindex and __len, as the original takes. */
static int sortable(lua_State *L) {
    int fields = 0;
    const char *const *name;
    static const char *const needed[] = {"__index", "__newindex", "__len", NULL};
    if (lua_type(L, 1) == LUA_TTABLE)
        return 1;
    if (!lua_getmetatable(L, 1))
        return 0;
    for (name = needed; *name != NULL; name++) {
        lua_pushstring(L, *name);
        fields += lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return fields == 3;
}

/* table.sort(list [, comp]) */
static int sandbox_sort(lua_State *L) {
    sorter s = {L, lsb__from_state(L), 0, 0, 0};
    lua_Integer n, width, i;
    int direct, list, scratch;
    if (!sortable(L))
        return type_error(L, 1, "table");
    n = luaL_len(L, 1);
    if (n <= 1)
        return 0;
    if (n >= INT_MAX)
        return argument_error(L, 1, "array too big");
    if (!lua_isnoneornil(L, 2)) {
        if (lua_type(L, 2) != LUA_TFUNCTION)
            return type_error(L, 2, "function");
        s.comparator = 2;
    }
    lua_settop(L, 2);
    /* A plain table is sorted in place with raw access, the same as lua_geti/lua_seti on it; one
       with a metatable is read into a copy and written back, through its metamethods. */
    direct = lua_type(L, 1) == LUA_TTABLE && !lua_getmetatable(L, 1);
    lua_settop(L, 2);  /* the metatable, if lua_getmetatable pushed one */
    lsb__charge(L, s.sb, lsb__saturating_multiply((uint64_t)n, direct ? MOVE_UNITS : 3 * MOVE_UNITS), 1);
    if (direct) {
        lua_pushvalue(L, 1);
    } else {
        lua_createtable(L, (int)n, 0);
        for (i = 1; i <= n; i++) {
            lua_geti(L, 1, i);
            lua_rawseti(L, -2, i);
        }
    }
    lua_createtable(L, (int)n, 0);
    list = lua_gettop(L) - 1;
    scratch = list + 1;
    for (width = 1; width < n; width *= 2) {
        lua_Integer lo;
        lsb__charge(L, s.sb, lsb__saturating_multiply((uint64_t)n, 2 * MOVE_UNITS), 1);
        for (lo = 1; lo + width <= n; lo += 2 * width)
            merge(&s, list, scratch, lo, lo + width, lo + 2 * width <= n ? lo + 2 * width : n + 1);
    }
    settle(&s);
    if (!direct) {
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, list, i);
            lua_seti(L, 1, i);
        }
    }
    return 0;
}

void lsb__replace_sort(lua_State *L, int table_library) {
    lua_pushcfunction(L, sandbox_sort);
    lua_setfield(L, table_library, "sort");
}
