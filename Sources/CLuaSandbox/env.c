// The global environment every chunk sees: safe for untrusted code on its own.
#include "internal.h"

#include <limits.h>
#include <lualib.h>

static const char binary_refused[] = "binary chunks are not allowed";

/* Compiling runs inside one call the hook cannot see (about 1 ns a byte). */
#define LOAD_BYTES_PER_UNIT 2

/* Reader for load(function): refuses a chunk whose first byte is the binary signature, whatever
   the mode, before Lua sees it, and charges each piece. Upvalues: the script's reader, "first
   byte seen". */
static int guarded_reader(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t length;
        const char *piece = lua_tolstring(L, -1, &length);
        lsb__charge(L, lsb__from_state(L), length / LOAD_BYTES_PER_UNIT, 1);
        if (length > 0 && !lua_toboolean(L, lua_upvalueindex(2))) {
            if (piece[0] == LUA_SIGNATURE[0]) {
                lua_pushstring(L, binary_refused);
                return lua_error(L);  /* load reports it as its failure message */
            }
            lua_pushboolean(L, 1);
            lua_replace(L, lua_upvalueindex(2));
        }
    }
    return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t". Upvalue: the original load. */
static int sandbox_load(lua_State *L) {
    int type = lua_type(L, 1);
    int nargs = lua_gettop(L) >= 4 ? 4 : 3;  /* an explicit env (even nil) must stay explicit */
    /* Checked here so that messages name 'load' rather than the unnamed original. */
    luaL_argexpected(L, lua_isstring(L, 1) || type == LUA_TFUNCTION, 1, "string or function");
    luaL_optstring(L, 2, NULL);
    luaL_optstring(L, 3, NULL);
    if (type == LUA_TFUNCTION) {
        lua_pushvalue(L, 1);
        lua_pushboolean(L, 0);
        lua_pushcclosure(L, guarded_reader, 2);
        lua_replace(L, 1);
    } else {
        size_t length;
        const char *chunk = lua_tolstring(L, 1, &length);
        if (length > 0 && chunk[0] == LUA_SIGNATURE[0]) {
            lua_pushnil(L);
            lua_pushstring(L, binary_refused);
            return 2;
        }
        lsb__charge(L, lsb__from_state(L), length / LOAD_BYTES_PER_UNIT, 1);
    }
    lua_settop(L, nargs);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

/* tonumber(v [, base]): converting a string scans all of it. Upvalue: the original tonumber.
   Arguments are checked here, as the original does, so that errors name 'tonumber'. */
static int sandbox_tonumber(lua_State *L) {
    if (lua_isnoneornil(L, 2)) {
        luaL_checkany(L, 1);
    } else {
        lua_Integer base = luaL_checkinteger(L, 2);
        luaL_checktype(L, 1, LUA_TSTRING);
        luaL_argcheck(L, 2 <= base && base <= 36, 2, "base out of range");
    }
    if (lua_type(L, 1) == LUA_TSTRING)
        lsb__charge(L, lsb__from_state(L), lua_rawlen(L, 1) / 8, 1);
    return lsb__call_original(L);
}

/* setmetatable that refuses finalizers: __gc would run script code during any allocation,
   outside the limits and possibly outside any protected call. */
static int sandbox_setmetatable(lua_State *L) {
    int type = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)  /* Lua itself looks __gc up raw */
            return luaL_error(L, "__gc is not allowed");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* where(level): source and line of the Lua function at that level (1 = the caller), or nil. */
static int sandbox_where(lua_State *L) {
    lua_Integer level = luaL_optinteger(L, 1, 1);
    lua_Debug ar;
    if (level < 1 || level > INT_MAX || !lua_getstack(L, (int)level, &ar) ||
        !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) {
        lua_pushnil(L);
        return 1;
    }
    if (ar.source[0] == '@' || ar.source[0] == '=')
        lua_pushlstring(L, ar.source + 1, ar.srclen - 1);
    else
        lua_pushstring(L, ar.short_src);
    lua_pushinteger(L, ar.currentline);
    return 2;
}

static void remove_field(lua_State *L, int table, const char *name) {
    table = lua_absindex(L, table);
    lua_pushnil(L);
    lua_setfield(L, table, name);
}

void lsb__open_environment(lua_State *L) {
    static const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base},     {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL},
    };
    static const char *const removed_globals[] = {
        "dofile", "loadfile", "collectgarbage", "print", "warn", NULL,
    };
    const luaL_Reg *library;
    const char *const *name;
    int globals;

    for (library = libraries; library->name != NULL; library++) {
        luaL_requiref(L, library->name, library->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    globals = lua_gettop(L);
    for (name = removed_globals; *name != NULL; name++)
        remove_field(L, globals, *name);

    lua_getfield(L, globals, "load");
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, globals, "load");
    lua_getfield(L, globals, "tonumber");
    lua_pushcclosure(L, sandbox_tonumber, 1);
    lua_setfield(L, globals, "tonumber");
    lua_pushcfunction(L, sandbox_setmetatable);
    lua_setfield(L, globals, "setmetatable");
    lua_pushcfunction(L, sandbox_where);
    lua_setfield(L, globals, "where");

    /* Determinism: no random numbers. */
    lua_getfield(L, globals, LUA_MATHLIBNAME);
    remove_field(L, -1, "random");
    remove_field(L, -1, "randomseed");
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_STRLIBNAME);
    remove_field(L, -1, "dump");
    lua_pop(L, 1);
    /* First: it keeps the libraries' original functions, for the names in their error messages. */
    lsb__guard_table_and_utf8_libraries(L, globals);
    lua_getfield(L, globals, LUA_STRLIBNAME);
    lsb__guard_string_library(L, lua_gettop(L));
    lua_pop(L, 1);
    lsb__replace_tostring(L, globals);
    lsb__open_isolation(L, globals);

    /* getmetatable("") returns "locked", and setmetatable cannot replace it. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);
}
