/* Reading a whole file, shared by the tests, benches and fuzzers that load a
 * genesis. Header-only, no cmocka. */
#ifndef RESTAKE_TESTS_FILE_UTIL_H
#define RESTAKE_TESTS_FILE_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conformance vectors: $RESTAKE_VECTORS, else ../shared/conformance
 * from the source tree, where ctest runs the tests (as tests/conformance.sh
 * finds them). */
static inline const char *vectors_dir(void) {
    const char *d = getenv("RESTAKE_VECTORS");
    return d && *d ? d : "../shared/conformance";
}

/* dir/name of one vector file into out. */
static inline void vector_path(char *out, size_t cap, const char *name) {
    snprintf(out, cap, "%s/%s", vectors_dir(), name);
}

/* The whole file at path, NUL-terminated, its length in *len; NULL when it
 * cannot be opened or read in full. */
static inline char *read_whole_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (!p) return NULL;
    p[n] = 0;
    *len = (size_t)n;
    return p;
}

/* A fresh directory from a mkdtemp template (…XXXXXX) copied into dir (cap
 * bytes); false when it cannot be made. */
static inline bool temp_dir_make(char *dir, size_t cap, const char *template_path) {
    if (strlen(template_path) >= cap) return false;
    strcpy(dir, template_path);
    return mkdtemp(dir) != NULL;
}

/* Removes a test's directory and everything in it; 0 on success. */
static inline int temp_dir_remove(const char *dir) {
    char cmd[300];
    if ((size_t)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) >= sizeof cmd) return -1;
    return system(cmd) == 0 ? 0 : -1;
}

#endif
