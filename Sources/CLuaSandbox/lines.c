// The lines of a chunk that hold code, for coverage reports. The public API cannot reach nested
// functions without running the chunk, but its binary dump (lua_dump, not stripped) holds every
// function with its line info: this reads the Lua 5.4 dump format (ldump.c) for it.
#include "CLuaSandbox.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#if LUA_VERSION_NUM != 504
#error "lines.c reads the Lua 5.4 binary chunk format"
#endif

#define ABSLINEINFO (-0x80)  /* lineinfo entry: the line is in abslineinfo */
#define OP_VARARGPREP 81
#define MAX_DEPTH 256        /* the parser nests functions less deeply than this */

/* Constant tags (lobject.h: type | variant << 4). */
enum { VNIL = 0, VFALSE = 1, VTRUE = 17, VNUMINT = 3, VNUMFLT = 19, VSHRSTR = 4, VLNGSTR = 20 };

typedef struct buffer {
    unsigned char *bytes;
    size_t length, capacity;
} buffer;

typedef struct reader {
    const unsigned char *p, *end;
    int failed;
    size_t instruction_size, integer_size, number_size;
} reader;

typedef struct line_list {
    int *lines;
    size_t count, capacity;
    int out_of_memory;
} line_list;

static int write_dump(lua_State *L, const void *p, size_t size, void *ud) {
    buffer *b = ud;
    (void)L;
    if (size > b->capacity - b->length) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        unsigned char *grown;
        while (size > capacity - b->length)
            capacity *= 2;
        grown = realloc(b->bytes, capacity);
        if (grown == NULL)
            return 1;  /* stops the dump */
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, p, size);
    b->length += size;
    return 0;
}

static void skip(reader *r, size_t count) {
    if (count > (size_t)(r->end - r->p)) {
        r->failed = 1;
        r->p = r->end;
    } else {
        r->p += count;
    }
}

static int read_byte(reader *r) {
    if (r->p == r->end) {
        r->failed = 1;
        return 0;
    }
    return *r->p++;
}

/* dumpSize: 7 bits a byte, most significant first, the last byte marked with 0x80. */
static size_t read_size(reader *r) {
    size_t x = 0;
    int byte;
    do {
        if (x > (SIZE_MAX >> 7)) {
            r->failed = 1;
            return 0;
        }
        byte = read_byte(r);
        x = (x << 7) | (size_t)(byte & 0x7f);
    } while (!r->failed && !(byte & 0x80));
    return x;
}

static int read_int(reader *r) {
    size_t x = read_size(r);
    if (x > INT_MAX) {
        r->failed = 1;
        return 0;
    }
    return (int)x;
}

/* Strings are stored as size + 1 (0 for none) and their bytes without the NUL. */
static void skip_string(reader *r) {
    size_t size = read_size(r);
    if (size > 0)
        skip(r, size - 1);
}

static void skip_vector(reader *r, size_t count, size_t element_size) {
    if (element_size != 0 && count > SIZE_MAX / element_size)
        r->failed = 1;
    else
        skip(r, count * element_size);
}

static void add_line(line_list *list, int line) {
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 256;
        int *grown = realloc(list->lines, capacity * sizeof *grown);
        if (grown == NULL) {
            list->out_of_memory = 1;
            return;
        }
        list->lines = grown;
        list->capacity = capacity;
    }
    list->lines[list->count++] = line;
}

static unsigned opcode_at(const reader *r, const unsigned char *code, int pc) {
    uint32_t instruction;
    memcpy(&instruction, code + (size_t)pc * r->instruction_size, sizeof instruction);
    return instruction & 0x7f;
}

/* dumpFunction. The line of each instruction is the previous one plus its lineinfo delta,
   starting from linedefined, except where ABSLINEINFO points to the next (pc, line) pair. */
static void read_function(reader *r, line_list *list, int depth) {
    int linedefined, is_vararg, code_size, count, i, pc, line, absolute_read = 0;
    const unsigned char *code;
    const signed char *lineinfo;
    if (depth > MAX_DEPTH) {
        r->failed = 1;
        return;
    }
    skip_string(r);  /* source: only the main function has it */
    linedefined = read_int(r);
    read_int(r);   /* lastlinedefined */
    read_byte(r);  /* numparams */
    is_vararg = read_byte(r);
    read_byte(r);  /* maxstacksize */

    code_size = read_int(r);
    code = r->p;
    skip_vector(r, (size_t)code_size, r->instruction_size);

    count = read_int(r);  /* constants */
    for (i = 0; i < count && !r->failed; i++) {
        switch (read_byte(r)) {
        case VNIL: case VFALSE: case VTRUE: break;
        case VNUMINT: skip(r, r->integer_size); break;
        case VNUMFLT: skip(r, r->number_size); break;
        case VSHRSTR: case VLNGSTR: skip_string(r); break;
        default: r->failed = 1;
        }
    }
    count = read_int(r);  /* upvalues: instack, idx, kind */
    skip_vector(r, (size_t)count, 3);
    count = read_int(r);  /* nested functions */
    for (i = 0; i < count && !r->failed; i++)
        read_function(r, list, depth + 1);

    /* Debug info: lineinfo, then the abslineinfo pairs, read as the markers ask for them. */
    if (read_int(r) != code_size || r->failed || code_size == 0 ||
        (is_vararg && opcode_at(r, code, 0) != OP_VARARGPREP)) {
        r->failed = 1;
        return;
    }
    lineinfo = (const signed char *)r->p;
    skip(r, (size_t)code_size);
    count = read_int(r);
    line = linedefined;
    for (pc = 0; pc < code_size && !r->failed; pc++) {
        if (lineinfo[pc] == ABSLINEINFO) {
            if (absolute_read++ == count || read_int(r) != pc) {
                r->failed = 1;
                break;
            }
            line = read_int(r);
        } else {
            line += lineinfo[pc];
        }
        /* Not the final implicit return, nor a vararg function's VARARGPREP (as activelines). */
        if (pc != code_size - 1 && !(pc == 0 && is_vararg))
            add_line(list, line);
    }
    if (absolute_read != count)
        r->failed = 1;
    count = read_int(r);  /* local variables: name, startpc, endpc */
    for (i = 0; i < count && !r->failed; i++) {
        skip_string(r);
        read_int(r);
        read_int(r);
    }
    count = read_int(r);  /* upvalue names */
    for (i = 0; i < count && !r->failed; i++)
        skip_string(r);
}

/* dumpHeader: signature, version, format, LUAC_DATA, the sizes, LUAC_INT, LUAC_NUM. */
static void read_header(reader *r) {
    static const char data[] = "\x19\x93\r\n\x1a\n";
    if ((size_t)(r->end - r->p) < 4 + 2 + 6 + 3 || memcmp(r->p, LUA_SIGNATURE, 4) != 0 ||
        r->p[4] != 0x54 || r->p[5] != 0 || memcmp(r->p + 6, data, 6) != 0) {
        r->failed = 1;
        return;
    }
    r->p += 12;
    r->instruction_size = (size_t)read_byte(r);
    r->integer_size = (size_t)read_byte(r);
    r->number_size = (size_t)read_byte(r);
    if (r->instruction_size != 4)
        r->failed = 1;
    skip(r, r->integer_size + r->number_size);
    read_byte(r);  /* the main function's upvalue count */
}

static int compare_lines(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int fail(lsb_lines *result, int status, const char *text, size_t length) {
    result->message = malloc(length + 1);
    if (result->message != NULL) {
        memcpy(result->message, text, length);
        result->message[length] = '\0';
        result->message_length = length;
    }
    return status;
}

static int fail_with_literal(lsb_lines *result, int status, const char *text) {
    return fail(result, status, text, strlen(text));
}

int lsb_executable_lines(const char *source, size_t length, const char *chunk_name, lsb_lines *result) {
    lua_State *L;
    char *name;
    size_t name_length = strlen(chunk_name), i, unique = 0;
    buffer dump = {NULL, 0, 0};
    line_list list = {NULL, 0, 0, 0};
    reader r;
    int status;
    memset(result, 0, sizeof *result);
    if (length > 0 && source[0] == LUA_SIGNATURE[0])
        return fail_with_literal(result, LUA_ERRSYNTAX, "binary chunks are not allowed");
    name = malloc(name_length + 2);
    L = luaL_newstate();  /* nothing runs in it: no limits, no libraries */
    if (name == NULL || L == NULL) {
        free(name);
        if (L != NULL)
            lua_close(L);
        return fail_with_literal(result, LUA_ERRMEM, "not enough memory");
    }
    name[0] = '@';
    memcpy(name + 1, chunk_name, name_length + 1);
    status = luaL_loadbufferx(L, source, length, name, "t");
    free(name);
    if (status != LUA_OK) {
        size_t message_length;
        const char *message = lua_tolstring(L, -1, &message_length);
        fail(result, status, message != NULL ? message : "", message != NULL ? message_length : 0);
        lua_close(L);
        return status;
    }
    /* lua_dump neither allocates in the state nor raises. */
    status = lua_dump(L, write_dump, &dump, 0);
    lua_close(L);
    if (status != 0) {
        free(dump.bytes);
        return fail_with_literal(result, LUA_ERRMEM, "not enough memory");
    }

    r.p = dump.bytes;
    r.end = dump.bytes + dump.length;
    r.failed = 0;
    read_header(&r);
    if (!r.failed)
        read_function(&r, &list, 0);
    free(dump.bytes);
    if (list.out_of_memory) {
        free(list.lines);
        return fail_with_literal(result, LUA_ERRMEM, "not enough memory");
    }
    if (r.failed || r.p != r.end) {
        free(list.lines);
        return fail_with_literal(result, LUA_ERRERR, "unexpected binary chunk format (not Lua 5.4?)");
    }

    if (list.count > 0) {
        qsort(list.lines, list.count, sizeof *list.lines, compare_lines);
        for (i = 0; i < list.count; i++)
            if (unique == 0 || list.lines[i] != list.lines[unique - 1])
                list.lines[unique++] = list.lines[i];
    }
    result->lines = list.lines;
    result->count = unique;
    return LUA_OK;
}

void lsb_free_lines(lsb_lines *result) {
    free(result->lines);
    free(result->message);
    memset(result, 0, sizeof *result);
}
