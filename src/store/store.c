#include "store/store.h"

#include "restake/keccak.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    Q_META_GET, Q_META_PUT, Q_BLOCK_PUT, Q_TX_PUT, Q_OP_PUT, Q_HEAD, Q_FIRST, Q_BLOCK_GET, Q_BLOCK_BY_HASH,
    Q_TX_GET, Q_BLOCK_TXS, Q_OPS_AFTER, Q_LAST_OP, Q_SNAP_PUT, Q_SNAP_GET, Q__COUNT
};

static const char *const SQL[Q__COUNT] = {
    [Q_META_GET] = "SELECT v FROM meta WHERE k = ?",
    [Q_META_PUT] = "INSERT OR REPLACE INTO meta(k, v) VALUES(?, ?)",
    [Q_BLOCK_PUT] = "INSERT INTO blocks(number, hash, header, sum) VALUES(?, ?, ?, ?)",
    [Q_TX_PUT] = "INSERT INTO txs(block, idx, hash, sender, unsigned, raw, receipt, sum, rsum)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_OP_PUT] = "INSERT INTO ops(after_block, kind, data, sum) VALUES(?, ?, ?, ?)",
    [Q_HEAD] = "SELECT max(number) FROM blocks",
    [Q_FIRST] = "SELECT min(number) FROM blocks",
    [Q_BLOCK_GET] = "SELECT header, number, hash, sum FROM blocks WHERE number = ?",
    [Q_BLOCK_BY_HASH] = "SELECT header, number, hash, sum FROM blocks WHERE hash = ?",
    [Q_TX_GET] = "SELECT block, idx, hash, sender, unsigned, raw, receipt, sum, rsum FROM txs WHERE hash = ?",
    [Q_BLOCK_TXS] = "SELECT block, idx, hash, sender, unsigned, raw, receipt, sum, rsum FROM txs WHERE block = ?"
                    " ORDER BY idx",
    [Q_OPS_AFTER] = "SELECT seq, kind, data, sum FROM ops WHERE after_block = ? ORDER BY seq",
    [Q_LAST_OP] = "SELECT coalesce(max(seq), 0) FROM ops",
    [Q_SNAP_PUT] = "INSERT OR REPLACE INTO snapshots(block, root, data) VALUES(?, ?, ?)",
    [Q_SNAP_GET] = "SELECT block, root, data FROM snapshots WHERE block <= ? ORDER BY block DESC LIMIT 1",
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS blocks(number INTEGER PRIMARY KEY, hash BLOB NOT NULL, header BLOB NOT NULL,"
    " sum BLOB);"
    "CREATE INDEX IF NOT EXISTS blocks_hash ON blocks(hash);"
    "CREATE TABLE IF NOT EXISTS txs(block INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,"
    " sender BLOB NOT NULL, unsigned INTEGER NOT NULL, raw BLOB NOT NULL, receipt BLOB NOT NULL,"
    " sum BLOB, rsum BLOB, PRIMARY KEY(block, idx)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS txs_hash ON txs(hash);"
    "CREATE TABLE IF NOT EXISTS ops(seq INTEGER PRIMARY KEY AUTOINCREMENT, after_block INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, data BLOB NOT NULL, sum BLOB);"
    "CREATE INDEX IF NOT EXISTS ops_after ON ops(after_block);"
    "CREATE TABLE IF NOT EXISTS snapshots(block INTEGER PRIMARY KEY, root BLOB NOT NULL, data BLOB NOT NULL);";

/* Every row of blocks, txs and ops carries a checksum: the first
 * RS_STORE_SUM_BYTES of the keccak of its fields (for a tx, one for the
 * record replay needs and one for its receipt), checked on every read, so
 * a damaged row is refused, never served. Snapshots are checked against
 * their state root instead. Rows written before the columns existed have
 * NULL sums and are read unchecked. */
#define RS_STORE_SUM_BYTES 8

typedef struct {
    rs_keccak_ctx k;
} row_sum;

static void sum_init(row_sum *r) { rs_keccak_init(&r->k); }

static void sum_u64(row_sum *r, uint64_t v) {
    uint8_t b[8];
    rs_be64_put(b, v);
    rs_keccak_update(&r->k, b, 8);
}

/* length-prefixed, so that moving bytes between fields changes the sum */
static void sum_bytes(row_sum *r, const void *p, size_t n) {
    sum_u64(r, n);
    rs_keccak_update(&r->k, p, n);
}

static void sum_final(row_sum *r, uint8_t out[RS_STORE_SUM_BYTES]) {
    uint8_t full[32];
    rs_keccak_final(&r->k, full);
    memcpy(out, full, RS_STORE_SUM_BYTES);
}

/* A stored sum column matches (or is NULL: a row from before checksums). */
static bool sum_ok(sqlite3_stmt *st, int col, const uint8_t want[RS_STORE_SUM_BYTES]) {
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return true;
    return sqlite3_column_bytes(st, col) == RS_STORE_SUM_BYTES &&
           memcmp(sqlite3_column_blob(st, col), want, RS_STORE_SUM_BYTES) == 0;
}

static void block_sum(uint64_t number, rs_b32 hash, const void *header, size_t n, uint8_t out[RS_STORE_SUM_BYTES]) {
    row_sum r;
    sum_init(&r);
    sum_u64(&r, number);
    sum_bytes(&r, hash.b, 32);
    sum_bytes(&r, header, n);
    sum_final(&r, out);
}

static void tx_sum(const rs_stored_tx *t, uint8_t out[RS_STORE_SUM_BYTES]) {
    row_sum r;
    sum_init(&r);
    sum_u64(&r, t->block);
    sum_u64(&r, t->idx);
    sum_bytes(&r, t->hash.b, 32);
    sum_bytes(&r, t->from.b, 20);
    sum_u64(&r, t->is_unsigned);
    sum_bytes(&r, t->raw, t->raw_len);
    sum_final(&r, out);
}

static void receipt_sum(const rs_stored_tx *t, uint8_t out[RS_STORE_SUM_BYTES]) {
    row_sum r;
    sum_init(&r);
    sum_bytes(&r, t->hash.b, 32);
    sum_bytes(&r, t->receipt, t->receipt_len);
    sum_final(&r, out);
}

static void op_sum(uint64_t after_block, int kind, const void *data, size_t n, uint8_t out[RS_STORE_SUM_BYTES]) {
    row_sum r;
    sum_init(&r);
    sum_u64(&r, after_block);
    sum_u64(&r, (uint64_t)kind);
    sum_bytes(&r, data, n);
    sum_final(&r, out);
}

struct rs_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q__COUNT];
    pthread_mutex_t mu;
    int lock_fd; /* flock'd LOCK file of the data directory; -1 in memory */
    /* 0 no transaction, 1 open, -1 failed: a write of the batch failed, so
     * every later write is refused until rs_store_rollback (writes that ran
     * on would autocommit after SQLite's own rollback and leave a hole). */
    int txn;
};

static void set_err(char *err, size_t n, const char *what, sqlite3 *db) {
    if (err && n) snprintf(err, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int exec_sql(rs_store *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1; }

/* quick_check reads every page: a truncated or scribbled file fails here,
 * at start-up, rather than in the middle of serving. */
static bool integrity_ok(sqlite3 *db, char *err, size_t errlen) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
        set_err(err, errlen, "database unreadable (corrupt or not a restake database)", db);
        return false;
    }
    bool ok = sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok && err) snprintf(err, errlen, "database failed its integrity check (truncated or corrupt): %s",
                             sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}

/* Blocks of thousands of transactions insert into the tx-hash index at
 * random places: a page cache that holds the index keeps those inserts from
 * re-reading pages, and checkpointing every 32 MiB of WAL rather than every
 * 4 MiB keeps the copy-back off most block commits. */
static int tune(rs_store *s) {
    return exec_sql(s, "PRAGMA cache_size=-65536") || exec_sql(s, "PRAGMA wal_autocheckpoint=8192");
}

/* Databases made before rows had checksums get the columns (NULL: unchecked). */
static int add_sum_columns(rs_store *s) {
    static const char *const cols[][2] = {{"blocks", "sum"}, {"txs", "sum"}, {"txs", "rsum"}, {"ops", "sum"}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        char sql[128];
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql, "SELECT %s FROM %s LIMIT 0", cols[i][1], cols[i][0]);
        if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_finalize(st);
            continue;
        }
        snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s BLOB", cols[i][0], cols[i][1]);
        if (exec_sql(s, sql)) return -1;
    }
    return 0;
}

static bool check_format(rs_store *s, char *err, size_t errlen) {
    rs_buf v;
    rs_buf_init(&v);
    int r = rs_store_meta_get(s, "format", &v);
    bool ok = true;
    if (r == 0) {
        ok = rs_store_meta_put(s, "format", RS_STORE_FORMAT, strlen(RS_STORE_FORMAT)) == 0;
        if (!ok) set_err(err, errlen, "cannot initialise database", s->db);
    } else if (r < 0 || v.len != strlen(RS_STORE_FORMAT) || memcmp(v.p, RS_STORE_FORMAT, v.len) != 0) {
        snprintf(err, errlen, "not a %s database", RS_STORE_FORMAT);
        ok = false;
    }
    rs_buf_free(&v);
    return ok;
}

/* One process per data directory: an exclusive flock on DIR/LOCK, taken
 * before the database is read and held until close (the kernel drops it
 * when the process dies, so a crash never leaves a stale lock). The file
 * holds the holder's pid for the refusal message. */
static int lock_dir(const char *dir, char *err, size_t errlen) {
    char path[4096];
    snprintf(path, sizeof path, "%s/LOCK", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = "";
        ssize_t k = pread(fd, pid, sizeof pid - 1, 0);
        pid[k > 0 ? k : 0] = 0;
        pid[strcspn(pid, "\n")] = 0;
        snprintf(err, errlen, "data directory %s is in use by another restake process (pid %s); "
                              "stop it or use another --data directory",
                 dir, pid[0] ? pid : "unknown");
        close(fd);
        return -1;
    }
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
        /* the lock holds regardless; only the message naming the holder is lost */
    }
    return fd;
}

rs_store *rs_store_open(const char *dir, char *err, size_t errlen) {
    char path[4096];
    if (dir) {
        if (mkdir(dir, 0755) != 0) {
            struct stat sb;
            if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                snprintf(err, errlen, "cannot create data directory %s", dir);
                return NULL;
            }
        }
        snprintf(path, sizeof path, "%s/chain.sqlite", dir);
    } else {
        snprintf(path, sizeof path, ":memory:");
    }
    int lock_fd = dir ? lock_dir(dir, err, errlen) : -1;
    if (dir && lock_fd < 0) return NULL;
    rs_store *s = calloc(1, sizeof *s);
    if (!s) {
        if (lock_fd >= 0) close(lock_fd);
        return NULL;
    }
    s->lock_fd = lock_fd;
    pthread_mutex_init(&s->mu, NULL);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) !=
        SQLITE_OK) {
        set_err(err, errlen, "cannot open database", s->db);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if (!integrity_ok(s->db, err, errlen)) goto fail;
    if (dir && (exec_sql(s, "PRAGMA journal_mode=WAL") || exec_sql(s, "PRAGMA synchronous=FULL") ||
                tune(s))) {
        set_err(err, errlen, "cannot configure database", s->db);
        goto fail;
    }
    if (exec_sql(s, SCHEMA) || add_sum_columns(s)) {
        set_err(err, errlen, "database schema", s->db);
        goto fail;
    }
    for (int i = 0; i < Q__COUNT; i++)
        if (sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
            set_err(err, errlen, "database schema does not match", s->db);
            goto fail;
        }
    if (!check_format(s, err, errlen)) goto fail;
    return s;
fail:
    rs_store_close(s);
    return NULL;
}

void rs_store_close(rs_store *s) {
    if (!s) return;
    for (int i = 0; i < Q__COUNT; i++) sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    if (s->lock_fd >= 0) close(s->lock_fd); /* releases the flock */
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* ---- statement helpers: each public call locks, binds, steps, resets ---- */

static sqlite3_stmt *use(rs_store *s, int q) {
    pthread_mutex_lock(&s->mu);
    return s->q[q];
}

static void done(rs_store *s, sqlite3_stmt *st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    pthread_mutex_unlock(&s->mu);
}

static void bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n) {
    sqlite3_bind_blob64(st, i, n ? p : "", n, SQLITE_STATIC);
}

static void copy_col(sqlite3_stmt *st, int i, rs_buf *out) {
    rs_buf_reset(out);
    rs_buf_put(out, sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i));
}

/* A write (mutex held): refused after a failed one in the same batch; a
 * failure poisons the batch. */
static int run_write(rs_store *s, sqlite3_stmt *st) {
    int rc = s->txn < 0 ? SQLITE_ABORT : sqlite3_step(st);
    if (rc != SQLITE_DONE && s->txn > 0) s->txn = -1;
    done(s, st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int rs_store_meta_get(rs_store *s, const char *key, rs_buf *out) {
    sqlite3_stmt *st = use(s, Q_META_GET);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (r == 1) copy_col(st, 0, out);
    done(s, st);
    return r;
}

int rs_store_meta_put(rs_store *s, const char *key, const void *v, size_t n) {
    sqlite3_stmt *st = use(s, Q_META_PUT);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    bind_blob(st, 2, v, n);
    return run_write(s, st);
}

static int locked_write(rs_store *s, const char *sql) {
    pthread_mutex_lock(&s->mu);
    int r = s->txn < 0 ? -1 : exec_sql(s, sql);
    if (r != 0 && s->txn > 0) s->txn = -1;
    pthread_mutex_unlock(&s->mu);
    return r;
}

int rs_store_begin(rs_store *s) {
    pthread_mutex_lock(&s->mu);
    int r = s->txn != 0 ? -1 : exec_sql(s, "BEGIN IMMEDIATE");
    if (s->txn == 0) s->txn = r == 0 ? 1 : -1;
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* A failed batch is rolled back here and stays failed (writes refused)
 * until the caller acknowledges it with rs_store_rollback. */
int rs_store_commit(rs_store *s) {
    pthread_mutex_lock(&s->mu);
    int r = s->txn > 0 ? exec_sql(s, "COMMIT") : -1;
    if (r != 0) {
        if (!sqlite3_get_autocommit(s->db)) exec_sql(s, "ROLLBACK");
        s->txn = -1;
    } else {
        s->txn = 0;
    }
    pthread_mutex_unlock(&s->mu);
    return r;
}

void rs_store_rollback(rs_store *s) {
    pthread_mutex_lock(&s->mu);
    if (!sqlite3_get_autocommit(s->db)) exec_sql(s, "ROLLBACK");
    s->txn = 0;
    pthread_mutex_unlock(&s->mu);
}

int rs_store_put_block(rs_store *s, const rs_block_header *h) {
    rs_buf b;
    rs_buf_init(&b);
    rs_block_header_encode(h, &b);
    uint8_t sum[RS_STORE_SUM_BYTES];
    block_sum(h->number, h->hash, b.p, b.len, sum);
    sqlite3_stmt *st = use(s, Q_BLOCK_PUT);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)h->number);
    bind_blob(st, 2, h->hash.b, 32);
    bind_blob(st, 3, b.p, b.len);
    bind_blob(st, 4, sum, sizeof sum);
    int r = run_write(s, st);
    rs_buf_free(&b);
    return r;
}

int rs_store_put_tx(rs_store *s, const rs_stored_tx *t) {
    uint8_t sum[RS_STORE_SUM_BYTES], rsum[RS_STORE_SUM_BYTES];
    tx_sum(t, sum);
    receipt_sum(t, rsum);
    sqlite3_stmt *st = use(s, Q_TX_PUT);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)t->block);
    sqlite3_bind_int64(st, 2, t->idx);
    bind_blob(st, 3, t->hash.b, 32);
    bind_blob(st, 4, t->from.b, 20);
    sqlite3_bind_int(st, 5, t->is_unsigned);
    bind_blob(st, 6, t->raw, t->raw_len);
    bind_blob(st, 7, t->receipt, t->receipt_len);
    bind_blob(st, 8, sum, sizeof sum);
    bind_blob(st, 9, rsum, sizeof rsum);
    return run_write(s, st);
}

int rs_store_repair_receipt(rs_store *s, const rs_stored_tx *t) {
    rs_stored_tx stored;
    int r = rs_store_get_tx(s, t->hash, &stored);
    if (r != 1) return -1;
    bool damaged = stored.receipt_damaged && stored.block == t->block && stored.idx == t->idx;
    rs_stored_tx_free(&stored);
    if (!damaged) return 1;
    uint8_t rsum[RS_STORE_SUM_BYTES];
    receipt_sum(t, rsum);
    sqlite3_stmt *st;
    pthread_mutex_lock(&s->mu);
    r = -1;
    if (s->txn == 0 &&
        sqlite3_prepare_v2(s->db, "UPDATE txs SET receipt = ?, rsum = ? WHERE block = ? AND idx = ?", -1, &st, NULL) ==
            SQLITE_OK) {
        bind_blob(st, 1, t->receipt, t->receipt_len);
        bind_blob(st, 2, rsum, sizeof rsum);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)t->block);
        sqlite3_bind_int64(st, 4, t->idx);
        r = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->mu);
    return r;
}

int64_t rs_store_put_op(rs_store *s, uint64_t after_block, int kind, const void *data, size_t n) {
    uint8_t sum[RS_STORE_SUM_BYTES];
    op_sum(after_block, kind, data, n, sum);
    sqlite3_stmt *st = use(s, Q_OP_PUT);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)after_block);
    sqlite3_bind_int(st, 2, kind);
    bind_blob(st, 3, data, n);
    bind_blob(st, 4, sum, sizeof sum);
    int rc = s->txn < 0 ? SQLITE_ABORT : sqlite3_step(st);
    int64_t seq = rc == SQLITE_DONE ? sqlite3_last_insert_rowid(s->db) : -1;
    if (seq < 0 && s->txn > 0) s->txn = -1;
    done(s, st);
    return seq;
}

typedef struct {
    rs_buf b;
} snap_ctx;

static int snap_visit(void *ctx, const rs_key *k, u256 v) {
    rs_buf *b = ctx;
    rs_buf_put(b, &k->len, 1);
    rs_buf_put(b, k->b, k->len);
    uint8_t w[32];
    u256_to_be(v, w);
    rs_buf_put(b, w, 32);
    return 0;
}

void rs_store_snapshot_encode(const rs_state *stt, rs_buf *out) {
    rs_buf_reset(out);
    rs_state_foreach(stt, snap_visit, out);
}

int rs_store_put_snapshot_data(rs_store *s, uint64_t block, rs_b32 root, const uint8_t *data, size_t len) {
    sqlite3_stmt *st = use(s, Q_SNAP_PUT);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)block);
    bind_blob(st, 2, root.b, 32);
    bind_blob(st, 3, data, len);
    return run_write(s, st);
}

int rs_store_put_snapshot(rs_store *s, uint64_t block, const rs_state *stt, rs_b32 root) {
    rs_buf b;
    rs_buf_init(&b);
    rs_store_snapshot_encode(stt, &b);
    int r = rs_store_put_snapshot_data(s, block, root, b.p, b.len);
    rs_buf_free(&b);
    return r;
}

int rs_store_truncate(rs_store *s, uint64_t keep, int64_t keep_op) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "DELETE FROM blocks WHERE number > %llu; DELETE FROM txs WHERE block > %llu;"
             "DELETE FROM ops WHERE seq > %lld; DELETE FROM snapshots WHERE block > %llu;",
             (unsigned long long)keep, (unsigned long long)keep, (long long)keep_op, (unsigned long long)keep);
    return locked_write(s, sql);
}

int rs_store_drop_snapshots(rs_store *s) { return locked_write(s, "DELETE FROM snapshots"); }

int rs_store_prune_snapshots(rs_store *s, uint64_t below) {
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM snapshots WHERE block < %llu", (unsigned long long)below);
    return locked_write(s, sql);
}

static int scalar_u64(rs_store *s, int q, uint64_t *out) {
    sqlite3_stmt *st = use(s, q);
    int rc = sqlite3_step(st), r = -1;
    if (rc == SQLITE_ROW) {
        r = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 : 1;
        if (r) *out = (uint64_t)sqlite3_column_int64(st, 0);
    }
    done(s, st);
    return r;
}

int rs_store_head(rs_store *s, uint64_t *number) { return scalar_u64(s, Q_HEAD, number); }
int rs_store_first_block(rs_store *s, uint64_t *number) { return scalar_u64(s, Q_FIRST, number); }

int64_t rs_store_last_op_seq(rs_store *s) {
    uint64_t v = 0;
    return scalar_u64(s, Q_LAST_OP, &v) < 0 ? -1 : (int64_t)v;
}

/* The header, checked against its row's sum and its own number and hash. */
static bool header_ok(sqlite3_stmt *st, rs_block_header *h) {
    const void *p = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    if (sqlite3_column_bytes(st, 2) != 32 || !rs_block_header_decode(p, n, h)) return false;
    rs_b32 hash;
    memcpy(hash.b, sqlite3_column_blob(st, 2), 32);
    uint64_t number = (uint64_t)sqlite3_column_int64(st, 1);
    uint8_t sum[RS_STORE_SUM_BYTES];
    block_sum(number, hash, p, n, sum);
    return sum_ok(st, 3, sum) && h->number == number && rs_b32_eq(h->hash, hash);
}

static int header_row(rs_store *s, sqlite3_stmt *st, rs_block_header *h) {
    int rc = sqlite3_step(st), r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (r == 1 && !header_ok(st, h)) r = -1;
    done(s, st);
    return r;
}

int rs_store_get_block(rs_store *s, uint64_t number, rs_block_header *h) {
    sqlite3_stmt *st = use(s, Q_BLOCK_GET);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)number);
    return header_row(s, st, h);
}

int rs_store_get_block_by_hash(rs_store *s, rs_b32 hash, rs_block_header *h) {
    sqlite3_stmt *st = use(s, Q_BLOCK_BY_HASH);
    bind_blob(st, 1, hash.b, 32);
    return header_row(s, st, h);
}

static uint8_t *col_dup(sqlite3_stmt *st, int i, size_t *n) {
    *n = (size_t)sqlite3_column_bytes(st, i);
    uint8_t *p = malloc(*n ? *n : 1);
    if (!p) abort();
    if (*n) memcpy(p, sqlite3_column_blob(st, i), *n);
    return p;
}

static bool tx_row(sqlite3_stmt *st, rs_stored_tx *t) {
    memset(t, 0, sizeof *t);
    if (sqlite3_column_bytes(st, 2) != 32 || sqlite3_column_bytes(st, 3) != 20) return false;
    t->block = (uint64_t)sqlite3_column_int64(st, 0);
    t->idx = (uint32_t)sqlite3_column_int64(st, 1);
    memcpy(t->hash.b, sqlite3_column_blob(st, 2), 32);
    memcpy(t->from.b, sqlite3_column_blob(st, 3), 20);
    t->is_unsigned = sqlite3_column_int(st, 4) != 0;
    t->raw = col_dup(st, 5, &t->raw_len);
    t->receipt = col_dup(st, 6, &t->receipt_len);
    uint8_t sum[RS_STORE_SUM_BYTES];
    tx_sum(t, sum);
    if (!sum_ok(st, 7, sum)) {
        rs_stored_tx_free(t);
        return false;
    }
    /* a damaged receipt is withheld, not the record replay needs */
    receipt_sum(t, sum);
    if (!sum_ok(st, 8, sum)) {
        free(t->receipt);
        t->receipt = NULL;
        t->receipt_len = 0;
        t->receipt_damaged = true;
    }
    return true;
}

void rs_stored_tx_free(rs_stored_tx *t) {
    free(t->raw);
    free(t->receipt);
    t->raw = t->receipt = NULL;
}

int rs_store_get_tx(rs_store *s, rs_b32 hash, rs_stored_tx *t) {
    sqlite3_stmt *st = use(s, Q_TX_GET);
    bind_blob(st, 1, hash.b, 32);
    int rc = sqlite3_step(st), r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (r == 1 && !tx_row(st, t)) r = -1;
    done(s, st);
    return r;
}

/* Rows are copied out under the lock; callbacks run without it, so they may
 * query the store themselves. */
int rs_store_block_txs(rs_store *s, uint64_t number, rs_store_tx_cb cb, void *ctx) {
    sqlite3_stmt *st = use(s, Q_BLOCK_TXS);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)number);
    rs_stored_tx *rows = NULL;
    size_t n = 0, cap = 0;
    int rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            rows = realloc(rows, cap * sizeof *rows);
            if (!rows) abort();
        }
        if (!tx_row(st, &rows[n])) {
            r = -1;
            break;
        }
        n++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) r = -1;
    done(s, st);
    for (size_t i = 0; i < n; i++) {
        if (r == 0 && cb(ctx, &rows[i])) r = 1;
        rs_stored_tx_free(&rows[i]);
    }
    free(rows);
    return r < 0 ? -1 : 0;
}

int rs_store_ops_after_block(rs_store *s, uint64_t after_block, rs_store_op_cb cb, void *ctx) {
    sqlite3_stmt *st = use(s, Q_OPS_AFTER);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)after_block);
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(st, 1);
        const void *data = sqlite3_column_blob(st, 2);
        size_t n = (size_t)sqlite3_column_bytes(st, 2);
        uint8_t sum[RS_STORE_SUM_BYTES];
        op_sum(after_block, kind, data, n, sum);
        if (!sum_ok(st, 3, sum)) {
            r = -1;
            break;
        }
        if (cb(ctx, sqlite3_column_int64(st, 0), kind, data, n)) r = 1;
    }
    if (r == 0 && rc != SQLITE_DONE) r = -1;
    done(s, st);
    return r < 0 ? -1 : 0;
}

static bool snapshot_parse(const uint8_t *p, size_t n, rs_state *st) {
    size_t i = 0;
    while (i < n) {
        rs_key k;
        k.len = p[i++];
        if (k.len > RS_KEY_MAX || n - i < (size_t)k.len + 32) return false;
        memcpy(k.b, p + i, k.len);
        i += k.len;
        rs_sstore(st, &k, u256_from_be(p + i));
        i += 32;
    }
    rs_state_commit(st);
    return true;
}

int rs_store_load_snapshot_at(rs_store *s, uint64_t max_block, uint64_t *block, rs_state **out, char *err,
                              size_t errlen) {
    sqlite3_stmt *st = use(s, Q_SNAP_GET);
    sqlite3_bind_int64(st, 1, max_block > INT64_MAX ? INT64_MAX : (sqlite3_int64)max_block);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        done(s, st);
        if (rc != SQLITE_DONE) set_err(err, errlen, "reading snapshot", s->db);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    *block = (uint64_t)sqlite3_column_int64(st, 0);
    rs_b32 want = RS_B32_ZERO;
    bool shape = sqlite3_column_bytes(st, 1) == 32;
    if (shape) memcpy(want.b, sqlite3_column_blob(st, 1), 32);
    size_t n;
    uint8_t *data = col_dup(st, 2, &n);
    done(s, st);
    rs_state *stt = rs_state_new();
    bool ok = shape && snapshot_parse(data, n, stt);
    free(data);
    if (ok && !rs_b32_eq(rs_state_root(stt), want)) ok = false;
    if (!ok) {
        snprintf(err, errlen, "snapshot of block %llu is corrupt (state root mismatch)", (unsigned long long)*block);
        rs_state_free(stt);
        return -2;
    }
    *out = stt;
    return 1;
}
