// Shared between the C files of the sandbox; not part of the public header.
#ifndef CLUA_SANDBOX_INTERNAL_H
#define CLUA_SANDBOX_INTERNAL_H

#include "CLuaSandbox.h"
#include <lauxlib.h>

#define LSB_HOOK_PERIOD 1000  /* instructions between two count hooks */
#define LSB_MAX_FRAMES 32     /* Lua frames kept per error, innermost first */
#define LSB_MAX_LEVELS 64     /* stack levels inspected per error (lua_getstack is O(level)) */
#define LSB_MAX_MESSAGE 8192  /* bytes of an error message kept */

/* Line coverage is kept outside the Lua memory cap, so it is bounded on its own (about 5 MiB at
   most): lines and chunks past these limits are not recorded. */
#define LSB_COVERAGE_MAX_LINES (1 << 18)      /* distinct (chunk, line) pairs */
#define LSB_COVERAGE_MAX_CHUNKS 4096
#define LSB_COVERAGE_MAX_NAME_BYTES (1 << 20) /* all chunk names together */
#define LSB_COVERAGE_CACHE 32                 /* chunks remembered by source pointer */

typedef struct lsb_covered_chunk {
    size_t name, length;  /* offset into the names, NUL-terminated there */
} lsb_covered_chunk;

typedef struct lsb_coverage {
    int enabled;
    uint64_t *slots;  /* open addressing: chunk << 32 | line; 0 is empty */
    size_t slot_count, line_count;
    lsb_covered_chunk *chunks;  /* chunk n is chunks[n - 1] */
    size_t chunk_count, chunk_capacity;
    uint32_t *chunk_index;      /* open addressing by name hash: chunk numbers, 0 is empty */
    char *names;
    size_t names_length, names_capacity;
    /* Hints only: a source string can be freed and another made at its address, so a hit is
       confirmed by comparing names. */
    struct { const char *source; uint32_t chunk; } cache[LSB_COVERAGE_CACHE];
    uint64_t last;  /* the pair recorded last: loops on one line hit it every iteration */
} lsb_coverage;

typedef struct lsb_frame_record {
    size_t source, short_src, name;  /* offsets into the frame arena; name is SIZE_MAX if none */
    int line;
} lsb_frame_record;

typedef struct lsb_big_block {
    void *block;
    size_t size;
} lsb_big_block;

struct lsb_sandbox {
    lua_State *L;
    uint64_t id;

    /* Memory: counted by the allocator. */
    size_t bytes_in_use;
    size_t memory_cap;   /* soft: crossing it stops the call at the next instruction */
    size_t hard_cap;     /* beyond it the allocator refuses (LUA_ERRMEM) */
    int cap_lifted;
    int in_call;
    /* Crossing the soft cap is only a sign: garbage counts until it is collected, so the hook
       collects and stops the call only if what is live is over the cap. */
    int over_memory_cap;
    int collected_near_cap;  /* a collection in this call left what is live within 1/8 of the cap */
    /* An allocation the allocator refused (the hard cap), unless Lua's emergency collection made
       room for its retry: that request, to know the retry. */
    int memory_refused;
    void *refused_block;
    size_t refused_old_size, refused_size;

    /* CPU: cost units of the running (or last) call. */
    int64_t budget;
    int64_t used;
    int hook_count;      /* the count the hook is armed with, added to `used` when it fires */

    /* Wall clock: a backstop for work no charge sees (comparing two long equal strings is one
       instruction whatever their length). Not deterministic, so only for runaway rules. */
    double time_limit;   /* seconds per call; 0: none */
    double deadline;     /* monotonic seconds, for the running call */

    /* A limit hit during the call: raised again at every instruction until the call returns. */
    lsb_stop stop;
    char stop_message[192];

    /* The error of the last failed load or call. */
    char *message;
    size_t message_length, message_capacity;
    lsb_frame_record frames[LSB_MAX_FRAMES];
    int frame_count;
    char *arena;
    size_t arena_length, arena_capacity;

    int message_key_ref;   /* registry: the string "message", so the handler never allocates it */
    int function_refs_ref; /* registry: function -> its reference, for lsb_global_function */

    lsb_coverage coverage;

    /* The count hook's period: LSB_HOOK_PERIOD, shorter while big blocks are live (sandbox.c). */
    int period;
    lsb_big_block *big_blocks;
    size_t big_block_count, big_block_capacity;

    /* The last error error() or error_at() raised with a location: the value (registry slot
       raised_ref), its place, and the length of its "short_src:line: " prefix. The message handler
       takes the place only for that very value raised by them; raised_line 0: none. */
    int raised_ref;
    int raised_line;
    size_t raised_prefix;
    char *raised_source;
    size_t raised_source_length, raised_source_capacity;

    /* Whether isolation.c reads tables' slot counts from Lua's table header (checked by
       lsb__check_table_layout when the sandbox starts). */
    int knows_table_layout;

    /* Where the last failed call's error happened (lsb_error_location). */
    lsb_frame_record location;
    int has_location;
};

lsb_sandbox *lsb__from_state(lua_State *L);

uint64_t lsb__remaining_budget(const lsb_sandbox *sb);
/* Charges `units` of work about to be done. If they do not fit in what is left, raises the
   (sticky) budget error instead and counts nothing: the work is refused, not done. `level` is
   the stack level named by the error's "source:line:" prefix. */
void lsb__charge(lua_State *L, lsb_sandbox *sb, uint64_t units, int level);
/* Records a limit hit (the first one wins) and raises it. Never returns. */
int lsb__stop(lua_State *L, lsb_sandbox *sb, lsb_stop kind, int level, const char *fmt, ...);
/* Calls the original function (upvalue 1) with all arguments; returns all its results. */
int lsb__call_original(lua_State *L);
uint64_t lsb__saturating_multiply(uint64_t a, uint64_t b);
/* "32 MiB", "640 KiB" or "1000 bytes". */
void lsb__format_bytes(char *buffer, size_t size, size_t bytes);

/* coverage.c: lsb__record_line is called by the hook on LUA_HOOKLINE events and never raises;
   lsb__clear_coverage frees what was recorded (whether recording is on stays as it is). */
void lsb__record_line(lua_State *L, lsb_coverage *coverage, lua_Debug *ar);
void lsb__clear_coverage(lsb_coverage *coverage);

/* env.c: the global environment; strings.c and tables.c: the charged library functions. */
void lsb__open_environment(lua_State *L);
void lsb__guard_string_library(lua_State *L, int string_table);
void lsb__guard_table_and_utf8_libraries(lua_State *L, int globals);

/* sandbox.c: raises the time limit if the deadline has passed; for loops in C functions, which the
   count hook never sees. */
void lsb__check_deadline(lua_State *L, lsb_sandbox *sb, int level);

/* errors.c: error() and error_at(). lsb__raised_here tells the message handler whether the value
   it handles is the one they recorded a place for; lsb__forget_raised clears the record. */
void lsb__open_error_functions(lua_State *L);
int lsb__raised_here(lua_State *L, lsb_sandbox *sb);
void lsb__forget_raised(lsb_sandbox *sb);

/* strings.c: luaL_tolstring without memory addresses (pushes the text); the global tostring that
   uses it. */
const char *lsb__tolstring(lua_State *L, int index, size_t *length);
void lsb__replace_tostring(lua_State *L, int globals);

/* sort.c: puts the stable, charged table.sort in the table library. */
void lsb__replace_sort(lua_State *L, int table_library);

/* isolation.c: frozen tables, the seal and restore, iteration in a fixed order (the `isolation` global,
   which only the rule library sees; it also makes the global `next` see through frozen tables). */
void lsb__open_isolation(lua_State *L, int globals);
/* Whether Lua's table header is the one isolation.c reads slot counts from. */
int lsb__check_table_layout(lua_State *L);

#endif
