// The state, its limits (allocator, count hook) and the protected call with its error record.
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LONG_STRING_CHARGE_MIN 256  /* new strings this big are charged: copying them is work */
#define LONG_STRING_BYTES_PER_UNIT 16
#define BUDGET_MESSAGE "instruction budget of %lld exceeded (endless loop?)"
#define TIME_MESSAGE "time limit of %g s exceeded (a rule doing too much work in one step?)"
/* One instruction can work on a whole big block (comparing two long strings, spreading a long
   vararg onto the stack, building a table from it): while blocks of BIG_BLOCK bytes or more are
   live, the hook period is BIG_WORK_BYTES over the largest, so that the deadline is checked after
   about that many bytes of such work (a few milliseconds). Allocation-driven, so deterministic. */
#define BIG_BLOCK (1u << 20)
#define BIG_WORK_BYTES (4u << 20)
/* Charges this big are weighed against the time left: a C function cannot be stopped once it runs. */
#define TIMED_CHARGE_MIN 50000
#define SECONDS_PER_UNIT 2e-9

#include <time.h>

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static uint64_t next_sandbox_id = 0;

lsb_sandbox *lsb__from_state(lua_State *L) {
    return *(lsb_sandbox **)lua_getextraspace(L);
}

void lsb__format_bytes(char *buffer, size_t size, size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buffer, size, "%zu MiB", bytes >> 20);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(buffer, size, "%zu KiB", bytes >> 10);
    else
        snprintf(buffer, size, "%zu bytes", bytes);
}

/* ---- CPU ---- */

uint64_t lsb__saturating_multiply(uint64_t a, uint64_t b) {
    if (a != 0 && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

int lsb__call_original(lua_State *L) {
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

static void hook(lua_State *L, lua_Debug *ar);

static void arm_hook(lsb_sandbox *sb, int count) {
    /* lua_sethook may be called at any time, even from the allocator. Adding line events leaves
       the count events as they are: Lua counts instructions the same way with both. */
    lua_sethook(sb->L, hook, LUA_MASKCOUNT | (sb->coverage.enabled ? LUA_MASKLINE : 0), count);
    sb->hook_count = count;
}

static void set_stop(lsb_sandbox *sb, lsb_stop kind, const char *fmt, va_list args) {
    if (sb->stop != LSB_STOP_NONE)
        return;
    sb->stop = kind;
    vsnprintf(sb->stop_message, sizeof sb->stop_message, fmt, args);
}

static int raise_stop(lua_State *L, lsb_sandbox *sb, int level) {
    lua_Debug ar;
    /* Sticky: the hook fires again at the very next instruction, so a pcall in the script
       cannot swallow the stop. */
    arm_hook(sb, 1);
    if (lua_getstack(L, level, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
        lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, sb->stop_message);
    else
        lua_pushstring(L, sb->stop_message);
    return lua_error(L);
}

int lsb__stop(lua_State *L, lsb_sandbox *sb, lsb_stop kind, int level, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    set_stop(sb, kind, fmt, args);
    va_end(args);
    return raise_stop(L, sb, level);
}

static void stop_quietly(lsb_sandbox *sb, lsb_stop kind, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    set_stop(sb, kind, fmt, args);
    va_end(args);
}

static void memory_stop_message(lsb_sandbox *sb) {
    char cap[48];
    lsb__format_bytes(cap, sizeof cap, sb->memory_cap);
    stop_quietly(sb, LSB_STOP_MEMORY, "memory limit of %s exceeded", cap);
}

static void add_units(lsb_sandbox *sb, uint64_t units) {
    uint64_t room = (uint64_t)INT64_MAX - (uint64_t)sb->used;
    sb->used += (int64_t)(units < room ? units : room);
}

uint64_t lsb__remaining_budget(const lsb_sandbox *sb) {
    return sb->used < sb->budget ? (uint64_t)(sb->budget - sb->used) : 0;
}

void lsb__charge(lua_State *L, lsb_sandbox *sb, uint64_t units, int level) {
    if (units > lsb__remaining_budget(sb))
        lsb__stop(L, sb, LSB_STOP_BUDGET, level, BUDGET_MESSAGE, (long long)sb->budget);
    if (units >= TIMED_CHARGE_MIN && sb->deadline > 0 &&
        monotonic_seconds() + (double)units * SECONDS_PER_UNIT > sb->deadline)
        lsb__stop(L, sb, LSB_STOP_TIME, level, TIME_MESSAGE, sb->time_limit);
    sb->used += (int64_t)units;
}

void lsb__check_deadline(lua_State *L, lsb_sandbox *sb, int level) {
    if (sb->deadline > 0 && monotonic_seconds() > sb->deadline)
        lsb__stop(L, sb, LSB_STOP_TIME, level, TIME_MESSAGE, sb->time_limit);
}

static void hook(lua_State *L, lua_Debug *ar) {
    lsb_sandbox *sb = lsb__from_state(L);
    if (ar->event == LUA_HOOKLINE) {
        lsb__record_line(L, &sb->coverage, ar);
        return;
    }
    if (sb->stop == LSB_STOP_NONE) {
        add_units(sb, (uint64_t)sb->hook_count);
        if (sb->over_memory_cap && !sb->memory_refused && !sb->collected_near_cap) {
            /* Only what is live counts, not garbage an earlier call (another programme, another
               applicant) left, so that no decision depends on what ran before it. A call that
               keeps close to the cap would collect at nearly every step: once what is live is
               within an eighth of the cap, crossing it again stops the call. */
            lua_gc(L, LUA_GCCOLLECT);
            sb->over_memory_cap = sb->bytes_in_use > sb->memory_cap;
            sb->collected_near_cap = sb->bytes_in_use > sb->memory_cap - sb->memory_cap / 8;
        }
        if (sb->over_memory_cap || sb->memory_refused) {
            memory_stop_message(sb);
        } else if (sb->used > sb->budget) {
            stop_quietly(sb, LSB_STOP_BUDGET, BUDGET_MESSAGE, (long long)sb->budget);
        } else if (sb->deadline > 0 && monotonic_seconds() > sb->deadline) {
            stop_quietly(sb, LSB_STOP_TIME, TIME_MESSAGE, sb->time_limit);
        } else {
            if (sb->hook_count != sb->period)
                arm_hook(sb, sb->period);
            return;
        }
    }
    /* Level 0 is the running Lua function: the hook has no frame of its own. */
    raise_stop(L, sb, 0);
}

/* ---- Memory ---- */

static void set_big_period(lsb_sandbox *sb) {
    size_t largest = 0, i;
    int period;
    for (i = 0; i < sb->big_block_count; i++)
        if (sb->big_blocks[i].size > largest)
            largest = sb->big_blocks[i].size;
    period = largest == 0 ? LSB_HOOK_PERIOD : (int)(BIG_WORK_BYTES / largest);
    sb->period = period < 1 ? 1 : period > LSB_HOOK_PERIOD ? LSB_HOOK_PERIOD : period;
    if (sb->in_call && sb->hook_count > sb->period)
        arm_hook(sb, sb->period);
}

/* Keeps the list of live big blocks; called only for blocks of BIG_BLOCK bytes or more. */
static void track_big_block(lsb_sandbox *sb, void *old, size_t old_size, void *block, size_t size) {
    size_t i;
    if (old != NULL && old_size >= BIG_BLOCK) {
        for (i = 0; i < sb->big_block_count && sb->big_blocks[i].block != old; i++)
            continue;
        if (i < sb->big_block_count)
            sb->big_blocks[i] = sb->big_blocks[--sb->big_block_count];
    }
    if (block != NULL && size >= BIG_BLOCK) {
        if (sb->big_block_count == sb->big_block_capacity) {
            size_t capacity = sb->big_block_capacity ? 2 * sb->big_block_capacity : 16;
            lsb_big_block *grown = realloc(sb->big_blocks, capacity * sizeof *grown);
            if (grown == NULL)
                return;  /* untracked: only the period stays longer */
            sb->big_blocks = grown;
            sb->big_block_capacity = capacity;
        }
        sb->big_blocks[sb->big_block_count].block = block;
        sb->big_blocks[sb->big_block_count++].size = size;
    }
    set_big_period(sb);
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lsb_sandbox *sb = ud;
    size_t old = ptr != NULL ? osize : 0;  /* with ptr NULL, osize is a type tag */
    void *block;
    if (nsize == 0) {
        if (old >= BIG_BLOCK)
            track_big_block(sb, ptr, old, NULL, 0);
        free(ptr);
        sb->bytes_in_use -= old;
        return NULL;
    }
    if (nsize > old && !sb->cap_lifted &&
        (sb->bytes_in_use >= sb->hard_cap || nsize - old > sb->hard_cap - sb->bytes_in_use)) {
        /* A C function may fail on something else after the refusal, or report it as an
           ordinary error: the flag makes the call report the memory limit all the same. Lua
           retries the request once after a full collection (luaM_realloc_), which may succeed. */
        if (sb->in_call) {
            sb->memory_refused = 1;
            sb->refused_block = ptr;
            sb->refused_old_size = osize;
            sb->refused_size = nsize;
            arm_hook(sb, 1);
        }
        return NULL;
    }
    block = realloc(ptr, nsize);
    if (block == NULL)
        return nsize <= old ? ptr : NULL;  /* Lua requires that shrinking never fails */
    if (sb->memory_refused && ptr == sb->refused_block && osize == sb->refused_old_size &&
        nsize == sb->refused_size)
        sb->memory_refused = 0;  /* the retry: the collection made room */
    sb->bytes_in_use = sb->bytes_in_use - old + nsize;
    if (old >= BIG_BLOCK || nsize >= BIG_BLOCK)
        track_big_block(sb, ptr, old, block, nsize);
    if (sb->in_call && !sb->cap_lifted) {
        /* Copying big strings ('..', table.concat, string.upper...) happens inside single
           instructions the hook cannot see: charge it when the string is created. */
        if (ptr == NULL && osize == LUA_TSTRING && nsize >= LONG_STRING_CHARGE_MIN) {
            add_units(sb, nsize / LONG_STRING_BYTES_PER_UNIT);
            if (sb->used > sb->budget && sb->hook_count != 1)
                arm_hook(sb, 1);
        }
        if (!sb->over_memory_cap && sb->bytes_in_use > sb->memory_cap) {
            sb->over_memory_cap = 1;
            arm_hook(sb, 1);
        }
    }
    return block;
}

static int panic_handler(lua_State *L) {
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)";
    fprintf(stderr, "LuaSandbox: Lua error outside a protected call (a bug in the sandbox): %s\n",
            message);
    fflush(stderr);
    abort();
}

/* ---- Error record ---- */

static void clear_error(lsb_sandbox *sb) {
    sb->message_length = 0;
    sb->frame_count = 0;
    sb->arena_length = 0;
    sb->has_location = 0;
}

static void record_message(lsb_sandbox *sb, const char *text, size_t length) {
    if (length > LSB_MAX_MESSAGE)
        length = LSB_MAX_MESSAGE;
    if (length + 1 > sb->message_capacity) {
        char *grown = realloc(sb->message, length + 1);
        if (grown == NULL) {
            sb->message_length = 0;
            return;
        }
        sb->message = grown;
        sb->message_capacity = length + 1;
    }
    memcpy(sb->message, text, length);
    sb->message[length] = '\0';
    sb->message_length = length;
}

static void record_message_format(lsb_sandbox *sb, const char *fmt, ...) {
    char text[256];
    va_list args;
    int length;
    va_start(args, fmt);
    length = vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    if (length < 0)
        length = 0;
    else if ((size_t)length >= sizeof text)
        length = sizeof text - 1;
    record_message(sb, text, (size_t)length);
}

/* Copies a string into the frame arena; SIZE_MAX if there is no room. */
static size_t arena_add(lsb_sandbox *sb, const char *text, size_t length) {
    size_t offset = sb->arena_length;
    if (offset + length + 1 > sb->arena_capacity) {
        size_t capacity = sb->arena_capacity ? sb->arena_capacity : 1024;
        char *grown;
        while (offset + length + 1 > capacity)
            capacity *= 2;
        grown = realloc(sb->arena, capacity);
        if (grown == NULL)
            return SIZE_MAX;
        sb->arena = grown;
        sb->arena_capacity = capacity;
    }
    memcpy(sb->arena + offset, text, length);
    sb->arena[offset + length] = '\0';
    sb->arena_length = offset + length + 1;
    return offset;
}

static void record_frames(lua_State *L, lsb_sandbox *sb) {
    lua_Debug ar;
    int level;
    for (level = 1; level <= LSB_MAX_LEVELS && sb->frame_count < LSB_MAX_FRAMES; level++) {
        lsb_frame_record *frame = &sb->frames[sb->frame_count];
        if (!lua_getstack(L, level, &ar))
            break;
        if (!lua_getinfo(L, "Sln", &ar) || ar.currentline <= 0)
            continue;  /* C functions have no line */
        if (ar.source[0] == '@' || ar.source[0] == '=')
            frame->source = arena_add(sb, ar.source + 1, ar.srclen - 1);
        else
            frame->source = arena_add(sb, ar.short_src, strlen(ar.short_src));
        frame->short_src = arena_add(sb, ar.short_src, strlen(ar.short_src));
        frame->name = ar.name != NULL ? arena_add(sb, ar.name, strlen(ar.name)) : SIZE_MAX;
        frame->line = ar.currentline;
        if (frame->source == SIZE_MAX || frame->short_src == SIZE_MAX)
            break;
        sb->frame_count++;
    }
}

/* The location of an error that error() or error_at() did not place: the innermost Lua frame. A
   message that starts with that very frame's "short_src:line: " (as Lua's runtime errors do) loses
   it; any other prefix is the script's own text and stays. */
static void locate_at_innermost_frame(lsb_sandbox *sb) {
    char prefix[LUA_IDSIZE + 32];
    const lsb_frame_record *frame = &sb->frames[0];
    int length;
    if (sb->frame_count == 0)
        return;
    sb->location = *frame;
    sb->has_location = 1;
    length = snprintf(prefix, sizeof prefix, "%s:%d: ", sb->arena + frame->short_src, frame->line);
    if (length > 0 && (size_t)length < sizeof prefix && sb->message_length >= (size_t)length &&
        memcmp(sb->message, prefix, (size_t)length) == 0) {
        sb->message_length -= (size_t)length;
        memmove(sb->message, sb->message + length, sb->message_length + 1);
    }
}

/* The location error() or error_at() recorded; the function name is that of a frame at that place. */
static void locate_as_raised(lsb_sandbox *sb) {
    lsb_frame_record *location = &sb->location;
    int index;
    location->source = arena_add(sb, sb->raised_source, sb->raised_source_length);
    location->short_src = location->source;
    location->name = SIZE_MAX;
    location->line = sb->raised_line;
    if (location->source == SIZE_MAX)
        return;
    for (index = 0; index < sb->frame_count; index++) {
        const lsb_frame_record *frame = &sb->frames[index];
        if (frame->line == location->line && strcmp(sb->arena + frame->source, sb->raised_source) == 0) {
            location->name = frame->name;
            break;
        }
    }
    sb->has_location = 1;
}

/* The message handler of every call: records the message and the Lua frames while the stack is
   still there to walk. It must not allocate (LUA_ERRMEM would turn into LUA_ERRERR). */
static int message_handler(lua_State *L) {
    lsb_sandbox *sb = lsb__from_state(L);
    size_t length;
    const char *text;
    int type = lua_type(L, 1);
    int raised = 0;
    /* Whatever failed, it failed for want of memory if an allocation was refused, or if what is
       live (the stack is still there) is over the cap. Collecting frees and never allocates. */
    if (sb->stop == LSB_STOP_NONE && !sb->memory_refused && sb->over_memory_cap) {
        lua_gc(L, LUA_GCCOLLECT);
        sb->over_memory_cap = sb->bytes_in_use > sb->memory_cap;
    }
    if (sb->stop == LSB_STOP_NONE && (sb->memory_refused || sb->over_memory_cap))
        memory_stop_message(sb);
    if (sb->stop != LSB_STOP_NONE) {
        /* A limit was hit: report it, not what the script made of it. Its location is the
           innermost Lua frame, where the stop was raised. */
        record_message(sb, sb->stop_message, strlen(sb->stop_message));
    } else if (type == LUA_TSTRING) {
        text = lua_tolstring(L, 1, &length);
        raised = lsb__raised_here(L, sb);
        if (raised)
            record_message(sb, text + sb->raised_prefix, length - sb->raised_prefix);
        else
            record_message(sb, text, length);
    } else if (type == LUA_TTABLE) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->message_key_ref);
        if (lua_rawget(L, 1) == LUA_TSTRING) {
            text = lua_tolstring(L, -1, &length);
            record_message(sb, text, length);
        } else {
            record_message_format(sb, "error object is a table");
        }
        lua_pop(L, 1);
    } else {
        record_message_format(sb, "error object is a %s", lua_typename(L, type));
    }
    record_frames(L, sb);
    if (raised)
        locate_as_raised(sb);
    else
        locate_at_innermost_frame(sb);
    return 1;
}

/* ---- Public entry points ---- */

lsb_sandbox *lsb_new(int64_t instruction_budget, size_t memory_cap) {
    lsb_sandbox *sb = calloc(1, sizeof *sb);
    lua_State *L;
    if (sb == NULL)
        return NULL;
    sb->id = __atomic_add_fetch(&next_sandbox_id, 1, __ATOMIC_RELAXED);
    lsb_set_limits(sb, instruction_budget, memory_cap);
    /* Setting up cannot raise: nothing is refused until the environment is complete. */
    sb->cap_lifted = 1;
    L = lua_newstate(sandbox_alloc, sb);
    if (L == NULL) {
        free(sb);
        return NULL;
    }
    sb->L = L;
    *(lsb_sandbox **)lua_getextraspace(L) = sb;
    lua_atpanic(L, panic_handler);
    sb->knows_table_layout = lsb__check_table_layout(L);
    lsb__open_environment(L);
    lsb__open_error_functions(L);
    lua_pushliteral(L, "message");
    sb->message_key_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    sb->function_refs_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sb->period = LSB_HOOK_PERIOD;
    arm_hook(sb, LSB_HOOK_PERIOD);
    sb->cap_lifted = 0;
    return sb;
}

void lsb_close(lsb_sandbox *sb) {
    if (sb == NULL)
        return;
    sb->cap_lifted = 1;
    lua_close(sb->L);
    free(sb->message);
    free(sb->arena);
    free(sb->raised_source);
    free(sb->big_blocks);
    lsb__clear_coverage(&sb->coverage);
    free(sb);
}

void lsb_set_limits(lsb_sandbox *sb, int64_t instruction_budget, size_t memory_cap) {
    sb->budget = instruction_budget < 0 ? 0 : instruction_budget;
    sb->memory_cap = memory_cap;
    sb->hard_cap = memory_cap + memory_cap / 2 < memory_cap ? SIZE_MAX : memory_cap + memory_cap / 2;
}

void lsb_set_time_limit(lsb_sandbox *sb, double seconds) {
    sb->time_limit = seconds > 0 ? seconds : 0;
}

lua_State *lsb_state(lsb_sandbox *sb) { return sb->L; }
uint64_t lsb_id(const lsb_sandbox *sb) { return sb->id; }
size_t lsb_memory_in_use(const lsb_sandbox *sb) { return sb->bytes_in_use; }
int64_t lsb_instructions_used(const lsb_sandbox *sb) { return sb->used; }
void lsb_lift_memory_cap(lsb_sandbox *sb, int lifted) { sb->cap_lifted = lifted != 0; }

void lsb_set_line_coverage(lsb_sandbox *sb, int on) {
    sb->coverage.enabled = on != 0;
    arm_hook(sb, sb->hook_count);
}

int lsb_line_coverage(const lsb_sandbox *sb) { return sb->coverage.enabled; }

int lsb_load(lsb_sandbox *sb, const char *source, size_t length, const char *chunk_name, int *ref) {
    lua_State *L = sb->L;
    char *name;
    size_t name_length = strlen(chunk_name);
    int status;
    clear_error(sb);
    sb->stop = LSB_STOP_NONE;
    if (length > 0 && source[0] == LUA_SIGNATURE[0]) {
        record_message_format(sb, "binary chunks are not allowed");
        return LUA_ERRSYNTAX;
    }
    name = malloc(name_length + 2);
    if (name == NULL) {
        memory_stop_message(sb);
        record_message(sb, sb->stop_message, strlen(sb->stop_message));
        return LUA_ERRMEM;
    }
    name[0] = '@';
    memcpy(name + 1, chunk_name, name_length + 1);
    status = luaL_loadbufferx(L, source, length, name, "t");
    free(name);
    if (status == LUA_OK) {
        sb->cap_lifted = 1;
        *ref = luaL_ref(L, LUA_REGISTRYINDEX);
        sb->cap_lifted = 0;
    } else if (status == LUA_ERRMEM) {
        lua_pop(L, 1);
        memory_stop_message(sb);
        record_message(sb, sb->stop_message, strlen(sb->stop_message));
    } else {
        size_t message_length;
        const char *message = lua_tolstring(L, -1, &message_length);
        record_message(sb, message, message_length);
        lua_pop(L, 1);
    }
    return status;
}

int lsb_global_function(lsb_sandbox *sb, const char *name, size_t length, int *ref) {
    lua_State *L = sb->L;
    int top = lua_gettop(L);
    int found = 0;
    sb->cap_lifted = 1;  /* raw access on tables without metatables: only memory could raise */
    if (lua_checkstack(L, 4)) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
        lua_pushlstring(L, name, length);
        if (lua_rawget(L, -2) == LUA_TFUNCTION) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, sb->function_refs_ref);
            lua_pushvalue(L, -2);
            if (lua_rawget(L, -2) == LUA_TNUMBER) {
                *ref = (int)lua_tointeger(L, -1);
            } else {
                lua_pushvalue(L, -3);
                *ref = luaL_ref(L, LUA_REGISTRYINDEX);
                lua_pushvalue(L, -3);
                lua_pushinteger(L, *ref);
                lua_rawset(L, -4);
            }
            found = 1;
        }
    }
    lua_settop(L, top);
    sb->cap_lifted = 0;
    return found;
}

void lsb_push_ref(lsb_sandbox *sb, int ref) {
    lua_rawgeti(sb->L, LUA_REGISTRYINDEX, ref);
}

int lsb_call(lsb_sandbox *sb, int nargs, int *nresults) {
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs - 1;  /* the slot below the function */
    int status;
    clear_error(sb);
    lsb__forget_raised(sb);
    if (sb->bytes_in_use > sb->memory_cap)
        lua_gc(L, LUA_GCCOLLECT);
    sb->used = 0;
    sb->stop = LSB_STOP_NONE;
    sb->deadline = sb->time_limit > 0 ? monotonic_seconds() + sb->time_limit : 0;
    sb->memory_refused = 0;
    sb->collected_near_cap = 0;
    sb->over_memory_cap = sb->bytes_in_use > sb->memory_cap;
    /* Re-arming also resets the hook's counter, so identical calls cost the same. */
    arm_hook(sb, sb->over_memory_cap ? 1 : sb->period);

    lua_pushcfunction(L, message_handler);  /* the caller left a free slot for it */
    lua_insert(L, base + 1);
    sb->in_call = 1;
    status = lua_pcall(L, nargs, LUA_MULTRET, base + 1);
    sb->in_call = 0;
    lua_remove(L, base + 1);

    if (status == LUA_OK) {
        /* The host's copy of the results counts against the cap with what the state holds: with
           what is live, not with garbage the call made in its last steps. */
        if (sb->bytes_in_use > sb->memory_cap)
            lua_gc(L, LUA_GCCOLLECT);
        *nresults = lua_gettop(L) - base;
        return status;
    }
    if (status == LUA_ERRMEM) {
        /* The handler does not run for memory errors: no location, no frames. */
        clear_error(sb);
        sb->stop = LSB_STOP_NONE;
        memory_stop_message(sb);
        record_message(sb, sb->stop_message, strlen(sb->stop_message));
    } else if (status == LUA_ERRERR) {
        clear_error(sb);
        if (sb->stop == LSB_STOP_NONE && sb->memory_refused)
            memory_stop_message(sb);
        if (sb->stop != LSB_STOP_NONE)
            record_message(sb, sb->stop_message, strlen(sb->stop_message));
        else
            record_message_format(sb, "error in error handling");
    }
    lua_settop(L, base);
    lua_gc(L, LUA_GCCOLLECT);
    *nresults = 0;
    return status;
}

const char *lsb_error_message(const lsb_sandbox *sb, size_t *length) {
    *length = sb->message_length;
    return sb->message_length > 0 ? sb->message : "";
}

lsb_stop lsb_error_stop(const lsb_sandbox *sb) { return sb->stop; }

int lsb_frame_count(const lsb_sandbox *sb) { return sb->frame_count; }

static lsb_frame frame_of(const lsb_sandbox *sb, const lsb_frame_record *record) {
    lsb_frame frame;
    frame.source = sb->arena + record->source;
    frame.short_src = sb->arena + record->short_src;
    frame.name = record->name == SIZE_MAX ? NULL : sb->arena + record->name;
    frame.line = record->line;
    return frame;
}

lsb_frame lsb_frame_at(const lsb_sandbox *sb, int index) { return frame_of(sb, &sb->frames[index]); }

int lsb_error_location(const lsb_sandbox *sb, lsb_frame *location) {
    if (!sb->has_location)
        return 0;
    *location = frame_of(sb, &sb->location);
    return 1;
}
