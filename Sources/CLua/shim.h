// Lua 5.4 from Debian's liblua5.4-dev (pkg-config: lua5.4).
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
