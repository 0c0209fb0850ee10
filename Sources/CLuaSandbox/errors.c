// error() and error_at(): an error raised at a place, recorded for that very error value, so that
// the host takes locations from the engine and never from a message, which a script can forge
// (`error("other.lua:7: spoofed", 0)`).
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int sandbox_error(lua_State *L);
static int sandbox_error_at(lua_State *L);

void lsb__forget_raised(lsb_sandbox *sb) {
    sb->raised_line = 0;
    /* Setting an existing registry slot never allocates. */
    lua_pushboolean(sb->L, 0);
    lua_rawseti(sb->L, LUA_REGISTRYINDEX, sb->raised_ref);
}

int lsb__raised_here(lua_State *L, lsb_sandbox *sb) {
    lua_Debug ar;
    lua_CFunction raiser;
    int same;
    /* Level 0 is the message handler, level 1 the function that raised the error. */
    if (sb->raised_line == 0 || !lua_getstack(L, 1, &ar) || !lua_getinfo(L, "f", &ar))
        return 0;
    raiser = lua_tocfunction(L, -1);
    lua_pop(L, 1);
    if (raiser != sandbox_error && raiser != sandbox_error_at)
        return 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->raised_ref);
    same = lua_rawequal(L, 1, -1);
    lua_pop(L, 1);
    return same;
}

/* Raises the string at `message` prefixed with "short_src:line: ", as Lua writes places, and records
   the place for that value. */
static int raise_at(lua_State *L, const char *source, size_t source_length, const char *short_src,
                    int line, int message) {
    lsb_sandbox *sb = lsb__from_state(L);
    size_t prefix;
    lua_pushfstring(L, "%s:%d: ", short_src, line);
    prefix = lua_rawlen(L, -1);
    lua_pushvalue(L, message);
    lua_concat(L, 2);
    if (source_length + 1 > sb->raised_source_capacity) {
        char *grown = realloc(sb->raised_source, source_length + 1);
        if (grown == NULL)
            return lua_error(L);  /* unplaced: the host falls back to the innermost frame */
        sb->raised_source = grown;
        sb->raised_source_capacity = source_length + 1;
    }
    memcpy(sb->raised_source, source, source_length);
    sb->raised_source[source_length] = '\0';
    sb->raised_source_length = source_length;
    sb->raised_line = line;
    sb->raised_prefix = prefix;
    lua_pushvalue(L, -1);
    lua_rawseti(L, LUA_REGISTRYINDEX, sb->raised_ref);
    return lua_error(L);
}

/* error(message [, level]) as Lua's own: a string message gets the place of the function at `level`
   (1: the caller), which is recorded. */
static int sandbox_error(lua_State *L) {
    lua_Integer level;
    lua_Debug ar;
    lsb__from_state(L)->raised_line = 0;  /* before anything that can raise: no stale place */
    level = luaL_optinteger(L, 2, 1);
    lua_settop(L, 1);
    if (lua_type(L, 1) == LUA_TSTRING && level > 0 && level <= INT_MAX && lua_getstack(L, (int)level, &ar) &&
        lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
        if (ar.source[0] == '@' || ar.source[0] == '=')
            return raise_at(L, ar.source + 1, ar.srclen - 1, ar.short_src, ar.currentline, 1);
        return raise_at(L, ar.short_src, strlen(ar.short_src), ar.short_src, ar.currentline, 1);
    }
    return lua_error(L);
}

/* error_at(source, line, message): an error at a place the caller names, for trusted library code
   that reports on a chunk (a rule file's declaration) that is not on the stack. It is a global of
   the state, so a chunk run with an environment of its own (as untrusted code must be) cannot
   reach it. */
static int sandbox_error_at(lua_State *L) {
    size_t length;
    const char *source;
    lua_Integer line;
    lsb__from_state(L)->raised_line = 0;  /* before anything that can raise: no stale place */
    source = luaL_checklstring(L, 1, &length);
    line = luaL_checkinteger(L, 2);
    luaL_checkstring(L, 3);
    luaL_argcheck(L, line >= 1 && line <= INT_MAX, 2, "line out of range");
    return raise_at(L, source, length, source, (int)line, 3);
}

void lsb__open_error_functions(lua_State *L) {
    lsb_sandbox *sb = lsb__from_state(L);
    lua_pushboolean(L, 0);
    sb->raised_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushcfunction(L, sandbox_error);
    lua_setglobal(L, "error");
    lua_pushcfunction(L, sandbox_error_at);
    lua_setglobal(L, "error_at");
}
