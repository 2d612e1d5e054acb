/* Deterministic fault simulation of the node's storage, in the spirit of
 * TigerBeetle's simulator and SQLite's crash tests. Header-only: shared by
 * tests/test_fault_sim.c (a few seeds) and bench/bench_fault_sim.c (long
 * runs).
 *
 * A SQLite VFS wraps the default one and, at points drawn from a seeded
 * generator, makes a write fail with ENOSPC (SQLITE_FULL) or EIO, tears a
 * write (its first half reaches the file, then EIO), loses an fsync (EIO,
 * and every write since the file's last good sync is dropped, as Linux
 * drops dirty pages after a failed writeback), or fails a read. Every
 * write not yet covered by a good sync is remembered with the bytes it
 * overwrote, so that a simulated power cut can undo any subset of them.
 *
 * A run drives one node (in process, through rs_rpc_handle) with
 * transactions, blocks and devnet operations. At random points the process
 * is "killed": from a drawn I/O operation on, every I/O fails; the node is
 * closed, a power cut loses a random subset of the unsynced writes, and the
 * node is opened again. After every recovery every acknowledged transaction
 * must be present; at the end, the state root must equal a replay from
 * genesis. */
#ifndef RESTAKE_TESTS_FAULT_SIM_H
#define RESTAKE_TESTS_FAULT_SIM_H

#include <dirent.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "node/node.h"
#include "restake/hex.h"
#include "rpc/rpc.h"

/* ---- seeded generator (splitmix64) ---- */

static uint64_t fs_rng_state;

static uint64_t fs_rand(void) {
    uint64_t z = (fs_rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static bool fs_chance(uint32_t per_million) { return fs_rand() % 1000000 < per_million; }

/* The simulated wall clock: a second per client action. */
static uint64_t fs_now = 1700000000;
static uint64_t fs_clock(void) { return fs_now; }

/* SQLite's own randomness (WAL salts, temporary names) from the seed too. */
static uint64_t fs_sqlite_rng;
static int fs_randomness(sqlite3_vfs *v, int n, char *out) {
    (void)v;
    for (int i = 0; i < n; i++) {
        uint64_t z = (fs_sqlite_rng += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        out[i] = (char)(z >> 56);
    }
    return n;
}

/* The wall clock, for the time a run spends in each phase. */
static uint64_t fs_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- fault counters (what a run injected) ---- */

typedef struct {
    uint64_t io_ops, write_full, write_eio, torn, lost_fsync, read_eio, kills, lost_on_cut, kept_on_cut;
    uint64_t acked, write_errors, restarts;
    uint64_t ns_open, ns_act, ns_check, ns_replay; /* wall time by phase */
} fs_stats;

static fs_stats fs_st;

/* ---- the VFS ---- */

enum { FS_UNDO_MAX = 1 << 16 }; /* unsynced writes remembered per file */

typedef struct {
    int64_t off;
    int64_t old_size; /* the file's size before the write */
    size_t len;       /* bytes of old content saved (the overlap with the old file) */
    uint8_t *old;
} fs_undo;

typedef struct fs_file {
    sqlite3_file base;
    sqlite3_file *real; /* the wrapped file, allocated after this struct */
    bool tracked;       /* main database or WAL: its unsynced writes can be lost */
    fs_undo *undo;
    size_t nundo, capundo;
    struct fs_file *next_open;
} fs_file;

static sqlite3_vfs *fs_real_vfs;
static sqlite3_vfs fs_vfs;
static struct sqlite3_io_methods fs_methods;
static fs_file *fs_open_files; /* tracked files currently open */
/* whether faults are injected, their rate per I/O operation, and the kill */
static bool fs_faults_on;
static uint32_t fs_fault_ppm = 2000;
static uint64_t fs_kill_at; /* 0: none; else the I/O op at which the process "dies" */
static bool fs_dead;

static void fs_undo_free(fs_undo *u) { free(u->old); }

static void fs_forget(fs_file *f) {
    for (size_t i = 0; i < f->nundo; i++) fs_undo_free(&f->undo[i]);
    f->nundo = 0;
}

/* Puts the old bytes of undo record u back (and the old size). */
static void fs_revert(sqlite3_file *real, const fs_undo *u) {
    if (u->len) real->pMethods->xWrite(real, u->old, (int)u->len, u->off);
    sqlite3_int64 size = 0;
    real->pMethods->xFileSize(real, &size);
    if (size > u->old_size) real->pMethods->xTruncate(real, u->old_size);
}

/* One I/O operation: counts it, and tells whether the process is dead. */
static bool fs_tick(void) {
    fs_st.io_ops++;
    if (fs_kill_at && fs_st.io_ops >= fs_kill_at && !fs_dead) {
        fs_dead = true;
        fs_st.kills++;
    }
    return fs_dead;
}

static int fs_close(sqlite3_file *p) {
    fs_file *f = (fs_file *)p;
    for (fs_file **q = &fs_open_files; *q; q = &(*q)->next_open)
        if (*q == f) {
            *q = f->next_open;
            break;
        }
    /* SQLite syncs what it needs before closing a file: what is left
     * unsynced was never promised */
    for (size_t i = 0; i < f->nundo; i++) fs_undo_free(&f->undo[i]);
    free(f->undo);
    return f->real->pMethods->xClose(f->real);
}

static int fs_read(sqlite3_file *p, void *buf, int n, sqlite3_int64 off) {
    fs_file *f = (fs_file *)p;
    if (fs_tick()) return SQLITE_IOERR_READ;
    if (fs_faults_on && f->tracked && fs_chance(fs_fault_ppm / 4)) {
        fs_st.read_eio++;
        return SQLITE_IOERR_READ;
    }
    return f->real->pMethods->xRead(f->real, buf, n, off);
}

static void fs_remember(fs_file *f, int n, sqlite3_int64 off) {
    if (!f->tracked) return;
    if (f->nundo == FS_UNDO_MAX) { /* the oldest unsynced write becomes durable */
        fs_undo_free(&f->undo[0]);
        memmove(f->undo, f->undo + 1, (f->nundo - 1) * sizeof *f->undo);
        f->nundo--;
    }
    if (f->nundo == f->capundo) {
        f->capundo = f->capundo ? f->capundo * 2 : 64;
        f->undo = realloc(f->undo, f->capundo * sizeof *f->undo);
        if (!f->undo) abort();
    }
    sqlite3_int64 size = 0;
    f->real->pMethods->xFileSize(f->real, &size);
    fs_undo u = {.off = off, .old_size = size};
    if (off < size) {
        u.len = (size_t)(size - off < n ? size - off : n);
        u.old = malloc(u.len);
        if (!u.old) abort();
        if (f->real->pMethods->xRead(f->real, u.old, (int)u.len, off) != SQLITE_OK) memset(u.old, 0, u.len);
    }
    f->undo[f->nundo++] = u;
}

static int fs_write(sqlite3_file *p, const void *buf, int n, sqlite3_int64 off) {
    fs_file *f = (fs_file *)p;
    if (fs_tick()) return SQLITE_IOERR_WRITE;
    if (fs_faults_on && f->tracked && fs_chance(fs_fault_ppm)) {
        switch (fs_rand() % 3) {
        case 0: fs_st.write_full++; return SQLITE_FULL;
        case 1: fs_st.write_eio++; return SQLITE_IOERR_WRITE;
        default: /* torn: the first half lands */
            fs_st.torn++;
            fs_remember(f, n / 2, off);
            f->real->pMethods->xWrite(f->real, buf, n / 2, off);
            return SQLITE_IOERR_WRITE;
        }
    }
    fs_remember(f, n, off);
    return f->real->pMethods->xWrite(f->real, buf, n, off);
}

static int fs_truncate(sqlite3_file *p, sqlite3_int64 size) {
    fs_file *f = (fs_file *)p;
    if (fs_tick()) return SQLITE_IOERR_TRUNCATE;
    return f->real->pMethods->xTruncate(f->real, size);
}

static int fs_sync(sqlite3_file *p, int flags) {
    fs_file *f = (fs_file *)p;
    if (fs_tick()) return SQLITE_IOERR_FSYNC;
    if (fs_faults_on && f->tracked && fs_chance(fs_fault_ppm)) {
        /* the kernel dropped the dirty pages: what was written since the
         * last good sync is gone, and saying so is all fsync can do */
        fs_st.lost_fsync++;
        for (size_t i = f->nundo; i-- > 0;) fs_revert(f->real, &f->undo[i]);
        fs_forget(f);
        return SQLITE_IOERR_FSYNC;
    }
    int rc = f->real->pMethods->xSync(f->real, flags);
    if (rc == SQLITE_OK) fs_forget(f);
    return rc;
}

#define FS_FWD(name, sig, args) \
    static int fs_##name sig { return ((fs_file *)p)->real->pMethods->x##name args; }
FS_FWD(FileSize, (sqlite3_file * p, sqlite3_int64 * s), (((fs_file *)p)->real, s))
FS_FWD(Lock, (sqlite3_file * p, int l), (((fs_file *)p)->real, l))
FS_FWD(Unlock, (sqlite3_file * p, int l), (((fs_file *)p)->real, l))
FS_FWD(CheckReservedLock, (sqlite3_file * p, int *o), (((fs_file *)p)->real, o))
FS_FWD(SectorSize, (sqlite3_file * p), (((fs_file *)p)->real))
FS_FWD(DeviceCharacteristics, (sqlite3_file * p), (((fs_file *)p)->real))
FS_FWD(ShmMap, (sqlite3_file * p, int pg, int sz, int ext, void volatile **pp), (((fs_file *)p)->real, pg, sz, ext, pp))
FS_FWD(ShmLock, (sqlite3_file * p, int off, int n, int flags), (((fs_file *)p)->real, off, n, flags))
FS_FWD(ShmUnmap, (sqlite3_file * p, int del), (((fs_file *)p)->real, del))
FS_FWD(Fetch, (sqlite3_file * p, sqlite3_int64 off, int n, void **pp), (((fs_file *)p)->real, off, n, pp))
FS_FWD(Unfetch, (sqlite3_file * p, sqlite3_int64 off, void *pg), (((fs_file *)p)->real, off, pg))
#undef FS_FWD

/* The store checkpoints its WAL every 8192 pages (32 MiB), more than a run
 * writes: the WAL would only grow, every recovery would re-read all of it,
 * and no fault would ever land in a checkpoint. On the simulated disk the
 * setting is answered here, so SQLite's default (1000 pages) stays: the
 * checkpoint's copy-back and WAL reset run, and fail, within a run. */
static int fs_FileControl(sqlite3_file *p, int op, void *a) {
    if (op == SQLITE_FCNTL_PRAGMA) {
        char **arg = a;
        if (arg[1] && sqlite3_stricmp(arg[1], "wal_autocheckpoint") == 0 && arg[2]) return SQLITE_OK;
    }
    return ((fs_file *)p)->real->pMethods->xFileControl(((fs_file *)p)->real, op, a);
}

static void fs_ShmBarrier(sqlite3_file *p) { ((fs_file *)p)->real->pMethods->xShmBarrier(((fs_file *)p)->real); }

static int fs_open(sqlite3_vfs *v, const char *name, sqlite3_file *p, int flags, int *out_flags) {
    (void)v;
    fs_file *f = (fs_file *)p;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = fs_real_vfs->xOpen(fs_real_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    f->tracked = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0;
    f->base.pMethods = &fs_methods;
    f->next_open = fs_open_files;
    fs_open_files = f;
    return SQLITE_OK;
}

static int fs_delete(sqlite3_vfs *v, const char *name, int sync) {
    (void)v;
    if (fs_tick()) return SQLITE_IOERR_DELETE;
    return fs_real_vfs->xDelete(fs_real_vfs, name, sync);
}

static int fs_access(sqlite3_vfs *v, const char *name, int flags, int *out) {
    (void)v;
    return fs_real_vfs->xAccess(fs_real_vfs, name, flags, out);
}

static int fs_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out) {
    (void)v;
    return fs_real_vfs->xFullPathname(fs_real_vfs, name, n, out);
}

/* Registers the VFS as the default one (idempotent). */
static void fs_install(void) {
    if (fs_real_vfs) return;
    fs_real_vfs = sqlite3_vfs_find(NULL);
    fs_vfs = *fs_real_vfs;
    fs_vfs.zName = "restake-fault";
    fs_vfs.szOsFile = (int)sizeof(fs_file) + fs_real_vfs->szOsFile;
    fs_vfs.xOpen = fs_open;
    fs_vfs.xDelete = fs_delete;
    fs_vfs.xAccess = fs_access;
    fs_vfs.xFullPathname = fs_full_pathname;
    fs_vfs.xRandomness = fs_randomness;
    fs_methods = (struct sqlite3_io_methods){
        .iVersion = 3, .xClose = fs_close, .xRead = fs_read, .xWrite = fs_write, .xTruncate = fs_truncate,
        .xSync = fs_sync, .xFileSize = fs_FileSize, .xLock = fs_Lock, .xUnlock = fs_Unlock,
        .xCheckReservedLock = fs_CheckReservedLock, .xFileControl = fs_FileControl, .xSectorSize = fs_SectorSize,
        .xDeviceCharacteristics = fs_DeviceCharacteristics, .xShmMap = fs_ShmMap, .xShmLock = fs_ShmLock,
        .xShmBarrier = fs_ShmBarrier, .xShmUnmap = fs_ShmUnmap, .xFetch = fs_Fetch, .xUnfetch = fs_Unfetch};
    sqlite3_vfs_register(&fs_vfs, 1);
}

/* The power cut after a kill, while the dead node's files are still open:
 * each unsynced write is lost or kept at random, newest first. */
static void fs_power_cut(void) {
    for (fs_file *f = fs_open_files; f; f = f->next_open) {
        for (size_t i = f->nundo; i-- > 0;) {
            if (fs_rand() % 2) {
                fs_revert(f->real, &f->undo[i]);
                fs_st.lost_on_cut++;
            } else {
                fs_st.kept_on_cut++;
            }
        }
        fs_forget(f);
    }
}

/* Removes a run's data directory (flat: the database, its WAL and shm, the
 * lock file) without a shell: a long run removes ten thousand of them. */
static int fs_dir_remove(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[512];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path || unlink(path) != 0) rc = -1;
    }
    closedir(d);
    return rmdir(dir) == 0 ? rc : -1;
}

/* ---- the run ---- */

/* How a run ended: a lost acknowledged transaction, a state root that a
 * replay from genesis does not reproduce (or no replay at all), or a node
 * that does not open on a healthy disk after a crash. */
typedef enum { FS_PASSED, FS_LOST, FS_DIVERGENT, FS_UNOPENABLE } fs_outcome;

typedef struct {
    char dir[128];
    const char *genesis;
    size_t genesis_len;
    uint64_t block_time;
    char (*acked)[67];
    size_t nacked, capacked;
    char failure[512]; /* empty: the run passed */
    fs_outcome outcome;
} fs_run;

static rs_node *fs_open_node(fs_run *r, bool replay, char *err, size_t errlen) {
    rs_node_config cfg = {.data_dir = r->dir, .genesis_json = r->genesis, .genesis_len = r->genesis_len,
                          .genesis_name = "devnet", .snapshot_blocks = 7, .replay_from_genesis = replay,
                          .block_time = r->block_time, .clock = fs_clock};
    rs_node *n = rs_node_open(&cfg, err, errlen);
    if (n) rs_node_start(n);
    return n;
}

static json_t *fs_call(rs_node *n, const char *method, const char *params) {
    char buf[1024];
    snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}", method, params);
    char *out = rs_rpc_handle(n, buf, strlen(buf));
    json_t *j = out ? json_loads(out, 0, NULL) : NULL;
    free(out);
    return j;
}

static const char *const FS_DEV[] = {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                                     "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
                                     "0x90F79bf6EB2c4f870365E785982E1f101E93b906"};

/* One client action; an acknowledged transaction's hash is recorded. */
static void fs_act(fs_run *r, rs_node *n) {
    uint64_t t0 = fs_ns();
    fs_now++;
    uint64_t what = fs_rand() % 10;
    json_t *j;
    if (what < 7) {
        char p[512];
        snprintf(p, sizeof p,
                 "[{\"from\":\"%s\",\"to\":\"0x7b759530bc34393C7275cd91C848069947097906\",\"data\":\"0xa9059cbb"
                 "0000000000000000000000000000000000000000000000000000000000000042"
                 "0000000000000000000000000000000000000000000000000000000000000001\"}]",
                 FS_DEV[fs_rand() % 3]);
        j = fs_call(n, "eth_sendTransaction", p);
        const char *h = json_string_value(json_object_get(j, "result"));
        if (h) {
            if (r->nacked == r->capacked) {
                r->capacked = r->capacked ? r->capacked * 2 : 256;
                r->acked = realloc(r->acked, r->capacked * sizeof *r->acked);
                if (!r->acked) abort();
            }
            snprintf(r->acked[r->nacked++], 67, "%s", h);
            fs_st.acked++;
        }
    } else if (what < 9) {
        j = fs_call(n, "anvil_mine", "[\"0x3\"]");
    } else {
        char p[160];
        snprintf(p, sizeof p, "[\"0x%040llx\",\"0x%llx\"]", (unsigned long long)(fs_rand() % 1000 + 1),
                 (unsigned long long)(fs_rand() % 1000000));
        j = fs_call(n, "anvil_setBalance", p);
    }
    if (j && json_object_get(j, "error")) fs_st.write_errors++;
    json_decref(j);
    fs_st.ns_act += fs_ns() - t0;
}

/* Every acknowledged transaction has a receipt, as a client sees it: one
 * eth_getTransactionReceipt each. */
static bool fs_check_acked_rpc(fs_run *r, rs_node *n, const char *when) {
    for (size_t i = 0; i < r->nacked; i++) {
        char p[80];
        snprintf(p, sizeof p, "[\"%s\"]", r->acked[i]);
        json_t *j = fs_call(n, "eth_getTransactionReceipt", p);
        bool ok = json_object_get(json_object_get(j, "result"), "blockNumber") != NULL;
        json_decref(j);
        if (!ok) {
            snprintf(r->failure, sizeof r->failure, "%s: acknowledged transaction %s lost", when, r->acked[i]);
            r->outcome = FS_LOST;
            return false;
        }
    }
    return true;
}

/* The same check on the rows the receipt is served from (the transaction
 * row with a sound receipt, and its block at or below the head), without
 * formatting and parsing JSON: most of a run's time went there when every
 * recovery checked every acknowledged hash through RPC. */
static bool fs_check_acked_rows(fs_run *r, rs_node *n, const char *when) {
    uint64_t head = rs_node_head(n).number;
    for (size_t i = 0; i < r->nacked; i++) {
        rs_b32 h;
        rs_stored_tx t;
        rs_block_header b;
        bool ok = rs_b32_from_hex(&h, r->acked[i]) && rs_store_get_tx(n->store, h, &t) == 1;
        if (ok) {
            ok = t.receipt && t.receipt_len && !t.receipt_damaged && t.block <= head &&
                 rs_store_get_block(n->store, t.block, &b) == 1;
            rs_stored_tx_free(&t);
        }
        if (!ok) {
            snprintf(r->failure, sizeof r->failure, "%s: acknowledged transaction %s lost", when, r->acked[i]);
            r->outcome = FS_LOST;
            return false;
        }
    }
    return true;
}

/* After a recovery: the row check; the end of a run also checks through RPC. */
static bool fs_check_acked(fs_run *r, rs_node *n, const char *when) {
    uint64_t t0 = fs_ns();
    bool ok = fs_check_acked_rows(r, n, when);
    fs_st.ns_check += fs_ns() - t0;
    return ok;
}

/* Opens the node with faults off (a node that cannot open on a healthy
 * disk after a crash is a failure of the run). */
static rs_node *fs_reopen(fs_run *r, const char *when) {
    bool was = fs_faults_on;
    fs_faults_on = false;
    char err[512] = "";
    uint64_t t0 = fs_ns();
    rs_node *n = fs_open_node(r, false, err, sizeof err);
    fs_st.ns_open += fs_ns() - t0;
    fs_faults_on = was;
    if (!n) {
        snprintf(r->failure, sizeof r->failure, "%s: the node does not open: %.400s", when, err);
        r->outcome = FS_UNOPENABLE;
    }
    return n;
}

/* A kill at a random I/O operation within the next few hundred, a power
 * cut, a restart, and the check. */
static rs_node *fs_kill_and_restart(fs_run *r, rs_node *n, int step) {
    fs_kill_at = fs_st.io_ops + 1 + fs_rand() % 400;
    for (int i = 0; i < 50 && !fs_dead; i++) fs_act(r, n);
    if (!fs_dead) fs_dead = true, fs_st.kills++;
    fs_power_cut(); /* before the close: the dead process's files as they are */
    rs_node_close(n);
    fs_dead = false;
    fs_kill_at = 0;
    fs_st.restarts++;
    char when[64];
    snprintf(when, sizeof when, "after the kill at step %d", step);
    n = fs_reopen(r, when);
    if (n && !fs_check_acked(r, n, when)) {
        rs_node_close(n);
        return NULL;
    }
    return n;
}

/* One seeded run: `steps` client actions with faults, kills every so often. */
static bool fs_run_seed(fs_run *r, uint64_t seed, int steps) {
    fs_install();
    fs_rng_state = seed;
    fs_sqlite_rng = seed ^ 0x5deece66dull;
    fs_now = 1700000000;
    r->nacked = 0;
    r->failure[0] = 0;
    r->outcome = FS_PASSED;
    r->block_time = 0; /* interval mode would make each action wait for its block */
    rs_node *n = fs_reopen(r, "at genesis");
    if (!n) return false;
    fs_faults_on = true;
    for (int s = 0; s < steps && n; s++) {
        if (fs_chance(60000)) {
            n = fs_kill_and_restart(r, n, s);
            continue;
        }
        fs_act(r, n);
        if (n->halted) { /* the store could not be read back: a restart */
            rs_node_close(n);
            fs_st.restarts++;
            n = fs_reopen(r, "after a halt");
            if (n && !fs_check_acked(r, n, "after a halt")) {
                rs_node_close(n);
                n = NULL;
            }
        }
    }
    fs_faults_on = false;
    if (!n) return false;
    uint64_t t0 = fs_ns();
    bool ok = fs_check_acked_rows(r, n, "at the end") && fs_check_acked_rpc(r, n, "at the end (RPC)");
    fs_st.ns_check += fs_ns() - t0;
    rs_b32 root = rs_node_state_root(n);
    rs_node_close(n);
    if (!ok) return false;
    char err[512] = "";
    t0 = fs_ns();
    rs_node *replayed = fs_open_node(r, true, err, sizeof err);
    fs_st.ns_replay += fs_ns() - t0;
    if (!replayed) {
        snprintf(r->failure, sizeof r->failure, "replay from genesis fails: %.400s", err);
        r->outcome = FS_DIVERGENT;
        return false;
    }
    bool same = rs_b32_eq(rs_node_state_root(replayed), root);
    rs_node_close(replayed);
    if (!same) {
        snprintf(r->failure, sizeof r->failure, "state root differs from a replay from genesis");
        r->outcome = FS_DIVERGENT;
    }
    return same;
}

#endif
