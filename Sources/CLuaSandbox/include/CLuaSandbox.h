// The C half of LuaSandbox. Everything that can raise a Lua error (pcall, hooks, the allocator,
// every function exposed to Lua) lives behind these entry points, which only return status codes,
// so no longjmp ever crosses a Swift frame.
#ifndef CLUA_SANDBOX_H
#define CLUA_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>

typedef struct lsb_sandbox lsb_sandbox;

/// Why a call was stopped by a limit (sticky until the call returns).
typedef enum lsb_stop {
    LSB_STOP_NONE = 0,
    LSB_STOP_BUDGET = 1,
    LSB_STOP_MEMORY = 2,
    LSB_STOP_TIME = 3,
} lsb_stop;

/// One Lua frame recorded by the message handler. Strings are owned by the sandbox and stay
/// valid until the next load or call.
typedef struct lsb_frame {
    const char *source;     ///< chunk name without '@' or '=' ("[string ...]" for string chunks)
    const char *short_src;  ///< Lua's short_src, as it appears in "source:line:" prefixes
    const char *name;       ///< function name, or NULL
    int line;
} lsb_frame;

/// A sandboxed state with the safe libraries. NULL if the state cannot be created.
lsb_sandbox *lsb_new(int64_t instruction_budget, size_t memory_cap);
void lsb_close(lsb_sandbox *sb);
void lsb_set_limits(lsb_sandbox *sb, int64_t instruction_budget, size_t memory_cap);
/* A wall-clock backstop per call, in seconds (0: none), checked when the count hook fires. */
void lsb_set_time_limit(lsb_sandbox *sb, double seconds);

lua_State *lsb_state(lsb_sandbox *sb);
/// Unique for the life of the process: tells apart references made by different sandboxes.
uint64_t lsb_id(const lsb_sandbox *sb);
size_t lsb_memory_in_use(const lsb_sandbox *sb);
int64_t lsb_instructions_used(const lsb_sandbox *sb);

/// While lifted, the allocator neither refuses nor flags: the host may push values with plain
/// lua_push* / lua_rawset* calls on tables without metatables, which then cannot raise.
void lsb_lift_memory_cap(lsb_sandbox *sb, int lifted);

/// Compiles a text chunk named "@"+chunk_name. On success stores a registry reference in *ref.
/// On failure returns LUA_ERRSYNTAX or LUA_ERRMEM and records the message (lsb_error_message).
int lsb_load(lsb_sandbox *sb, const char *source, size_t length, const char *chunk_name, int *ref);

/// The global `name` (raw access) if it is a function: a registry reference in *ref, the same one
/// for the same function value. Returns 0 if the global is not a function.
int lsb_global_function(lsb_sandbox *sb, const char *name, size_t length, int *ref);

/// Pushes a referenced value. Uses a free stack slot; cannot raise.
void lsb_push_ref(lsb_sandbox *sb, int ref);

/// Calls the function below `nargs` arguments on the top of the stack under the limits. On success
/// the results replace function and arguments and *nresults says how many. On failure the stack is
/// back to below the function, a full GC has run, and the error is recorded.
int lsb_call(lsb_sandbox *sb, int nargs, int *nresults);

/// The last recorded error (after a failed load or call).
const char *lsb_error_message(const lsb_sandbox *sb, size_t *length);
lsb_stop lsb_error_stop(const lsb_sandbox *sb);
int lsb_frame_count(const lsb_sandbox *sb);
lsb_frame lsb_frame_at(const lsb_sandbox *sb, int index);

/// Line coverage: while on, a line hook records every line Lua runs, by chunk (off at first).
/// The record lives outside the Lua memory cap and is bounded on its own; it survives until reset.
void lsb_set_line_coverage(lsb_sandbox *sb, int on);
int lsb_line_coverage(const lsb_sandbox *sb);
void lsb_reset_line_coverage(lsb_sandbox *sb);
/// Recorded chunks are numbered 1...count; a name is the chunk name as `where` reports it
/// (not NUL-free: use the length). Valid until the next call or reset.
int lsb_covered_chunk_count(const lsb_sandbox *sb);
const char *lsb_covered_chunk_name(const lsb_sandbox *sb, int chunk, size_t *length);
/// The recorded (chunk, line) pairs, in no order: start with *cursor = 0; returns 0 when done.
int lsb_next_covered_line(const lsb_sandbox *sb, size_t *cursor, int *chunk, int *line);

/// The result of lsb_executable_lines; release it with lsb_free_lines.
typedef struct lsb_lines {
    int *lines;  ///< ascending, no duplicates
    size_t count;
    char *message;  ///< the error, on failure
    size_t message_length;
} lsb_lines;

/// The lines holding code in a text chunk named "@"+chunk_name and in every function nested in it,
/// without running it, compiled in a state of its own. Returns LUA_OK, LUA_ERRSYNTAX, LUA_ERRMEM,
/// or LUA_ERRERR if the compiled chunk is not in the format this reader knows.
int lsb_executable_lines(const char *source, size_t length, const char *chunk_name, lsb_lines *result);
void lsb_free_lines(lsb_lines *result);

/// Whether the bytes are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
int lsb_is_utf8(const char *text, size_t length);

/// Where the last failed call's error happened, from the engine, never from the message text: the
/// place error(message, level) or error_at(source, line, message) named for that very error value,
/// else the innermost Lua frame. Returns 0 if there is none (memory errors, no Lua frame).
int lsb_error_location(const lsb_sandbox *sb, lsb_frame *location);

/// If the value at `index` is a frozen table (read-only for scripts, its contents hidden behind it), pushes
/// the table that holds its contents and returns 1; else pushes nothing and returns 0. Raw: cannot raise.
int lsb_push_frozen_contents(lua_State *L, int index);

#endif
