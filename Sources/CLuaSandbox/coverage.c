// Line coverage: the lines Lua runs, recorded by the line hook into a C hash set of (chunk, line)
// pairs. It uses malloc, not the Lua allocator, so recording neither counts against the memory
// cap nor can raise; it is bounded by the LSB_COVERAGE_* limits instead.
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const char *chunk_name(const lsb_coverage *c, uint32_t chunk, size_t *length) {
    const lsb_covered_chunk *record = &c->chunks[chunk - 1];
    *length = record->length;
    return c->names + record->name;
}

static int is_chunk(const lsb_coverage *c, uint32_t chunk, const char *name, size_t length) {
    size_t known_length;
    const char *known = chunk_name(c, chunk, &known_length);
    return known_length == length && memcmp(known, name, length) == 0;
}

#define CHUNK_INDEX_SIZE (2 * LSB_COVERAGE_MAX_CHUNKS)  /* a power of two, at most half full */

static size_t name_hash(const char *name, size_t length) {
    uint64_t hash = 14695981039346656037u;  /* FNV-1a */
    size_t i;
    for (i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)name[i]) * 1099511628211u;
    return (size_t)hash;
}

/* The chunk's number, added if new; 0 if it cannot be recorded. */
static uint32_t chunk_number(lsb_coverage *c, const char *name, size_t length) {
    size_t slot;
    if (c->chunk_index == NULL) {
        c->chunk_index = calloc(CHUNK_INDEX_SIZE, sizeof *c->chunk_index);
        if (c->chunk_index == NULL)
            return 0;
    }
    for (slot = name_hash(name, length) & (CHUNK_INDEX_SIZE - 1); c->chunk_index[slot] != 0;
         slot = (slot + 1) & (CHUNK_INDEX_SIZE - 1))
        if (is_chunk(c, c->chunk_index[slot], name, length))
            return c->chunk_index[slot];
    if (c->chunk_count == LSB_COVERAGE_MAX_CHUNKS ||
        length + 1 > LSB_COVERAGE_MAX_NAME_BYTES - c->names_length)
        return 0;
    if (c->chunk_count == c->chunk_capacity) {
        size_t capacity = c->chunk_capacity ? c->chunk_capacity * 2 : 16;
        lsb_covered_chunk *grown = realloc(c->chunks, capacity * sizeof *grown);
        if (grown == NULL)
            return 0;
        c->chunks = grown;
        c->chunk_capacity = capacity;
    }
    if (c->names_length + length + 1 > c->names_capacity) {
        size_t capacity = c->names_capacity ? c->names_capacity : 1024;
        char *grown;
        while (c->names_length + length + 1 > capacity)
            capacity *= 2;
        grown = realloc(c->names, capacity);
        if (grown == NULL)
            return 0;
        c->names = grown;
        c->names_capacity = capacity;
    }
    memcpy(c->names + c->names_length, name, length);
    c->names[c->names_length + length] = '\0';
    c->chunks[c->chunk_count].name = c->names_length;
    c->chunks[c->chunk_count].length = length;
    c->names_length += length + 1;
    c->chunk_index[slot] = (uint32_t)++c->chunk_count;
    return (uint32_t)c->chunk_count;
}

static size_t slot_of(uint64_t key, size_t slot_count) {
    return (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & (slot_count - 1);
}

static void insert_into(uint64_t *slots, size_t slot_count, uint64_t key) {
    size_t slot = slot_of(key, slot_count);
    while (slots[slot] != 0 && slots[slot] != key)
        slot = (slot + 1) & (slot_count - 1);
    slots[slot] = key;
}

static int contains(const lsb_coverage *c, uint64_t key) {
    size_t slot;
    if (c->slot_count == 0)
        return 0;
    for (slot = slot_of(key, c->slot_count); c->slots[slot] != 0; slot = (slot + 1) & (c->slot_count - 1))
        if (c->slots[slot] == key)
            return 1;
    return 0;
}

static void add_line(lsb_coverage *c, uint64_t key) {
    if (contains(c, key) || c->line_count == LSB_COVERAGE_MAX_LINES)
        return;
    if ((c->line_count + 1) * 2 > c->slot_count) {  /* at most half full: probes stay short */
        size_t count = c->slot_count ? c->slot_count * 2 : 1024;
        uint64_t *slots = calloc(count, sizeof *slots);
        size_t slot;
        if (slots == NULL)
            return;
        for (slot = 0; slot < c->slot_count; slot++)
            if (c->slots[slot] != 0)
                insert_into(slots, count, c->slots[slot]);
        free(c->slots);
        c->slots = slots;
        c->slot_count = count;
    }
    insert_into(c->slots, c->slot_count, key);
    c->line_count++;
}

void lsb__record_line(lua_State *L, lsb_coverage *c, lua_Debug *ar) {
    const char *name;
    size_t length;
    uint32_t chunk;
    uint64_t key;
    int entry;
    /* The hook already set currentline; "l" would look it up again. */
    if (ar->currentline <= 0 || !lua_getinfo(L, "S", ar))
        return;
    /* The chunk name as `where` reports it. */
    if (ar->source[0] == '@' || ar->source[0] == '=') {
        name = ar->source + 1;
        length = ar->srclen - 1;
    } else {
        name = ar->short_src;
        length = strlen(ar->short_src);
    }
    entry = (int)(((uintptr_t)ar->source >> 4) % LSB_COVERAGE_CACHE);
    if (c->cache[entry].source == ar->source && is_chunk(c, c->cache[entry].chunk, name, length)) {
        chunk = c->cache[entry].chunk;
    } else {
        chunk = chunk_number(c, name, length);
        if (chunk == 0)
            return;
        c->cache[entry].source = ar->source;
        c->cache[entry].chunk = chunk;
    }
    key = (uint64_t)chunk << 32 | (uint32_t)ar->currentline;
    if (key != c->last) {
        c->last = key;
        add_line(c, key);
    }
}

void lsb__clear_coverage(lsb_coverage *c) {
    int enabled = c->enabled;
    free(c->slots);
    free(c->chunks);
    free(c->chunk_index);
    free(c->names);
    memset(c, 0, sizeof *c);
    c->enabled = enabled;
}

/* ---- Public entry points ---- */

void lsb_reset_line_coverage(lsb_sandbox *sb) { lsb__clear_coverage(&sb->coverage); }

int lsb_covered_chunk_count(const lsb_sandbox *sb) { return (int)sb->coverage.chunk_count; }

const char *lsb_covered_chunk_name(const lsb_sandbox *sb, int chunk, size_t *length) {
    return chunk_name(&sb->coverage, (uint32_t)chunk, length);
}

int lsb_next_covered_line(const lsb_sandbox *sb, size_t *cursor, int *chunk, int *line) {
    const lsb_coverage *c = &sb->coverage;
    for (; *cursor < c->slot_count; (*cursor)++) {
        uint64_t key = c->slots[*cursor];
        if (key != 0) {
            *chunk = (int)(key >> 32);
            *line = (int)(uint32_t)key;
            (*cursor)++;
            return 1;
        }
    }
    return 0;
}
