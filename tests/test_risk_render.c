/* The risk report renderers (src/cli/risk_render_*.c): every fixture report
 * in tests/data/risk/ renders to exactly its golden text (<kind>.txt), the
 * figures format exactly, and the HTML page escapes what the report says.
 *
 * RESTAKE_UPDATE_GOLDEN=1 rewrites the golden files from the renderer.
 * With arguments the binary renders instead of testing (tests/risk_html.sh):
 *   test_risk_render --html REPORT.json OUT.html
 *   test_risk_render --table REPORT.json [WIDTH] */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/risk_render.h"
#include "cli/risk_render_fmt.h"
#include "file_util.h"

#include <string.h>
#include <unistd.h>

#define FIXTURES "tests/data/risk/"

static const char *const kinds[] = {"staker", "operator", "set", "avs", "whatif", "all"};

static json_t *load(const char *path) {
    json_error_t e;
    json_t *r = json_load_file(path, 0, &e);
    if (!r) fail_msg("%s: %s (line %d)", path, e.text, e.line);
    return r;
}

/* The table of `report` at `width` as one string (caller frees). */
static char *table_text(const json_t *report, unsigned width) {
    char *text = NULL, err[128];
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(rs_risk_render_table_width(report, f, width, err, sizeof err), 0);
    fclose(f);
    return text;
}

static void check_golden(const char *name, unsigned width) {
    char in[256], gold[256];
    snprintf(in, sizeof in, FIXTURES "%s.json", name);
    snprintf(gold, sizeof gold, FIXTURES "%s%s.txt", name, width ? "-narrow" : "");
    json_t *r = load(in);
    char *got = table_text(r, width);
    const char *update = getenv("RESTAKE_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(gold, "w");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    }
    size_t n;
    char *want = read_whole_file(gold, &n);
    if (!want) fail_msg("%s missing (RESTAKE_UPDATE_GOLDEN=1 writes it)", gold);
    if (strcmp(got, want) != 0) fail_msg("%s differs from the renderer's output:\n%s", gold, got);
    free(want);
    free(got);
    json_decref(r);
}

static void golden_tables(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) check_golden(kinds[i], 0);
}

/* An 80-column terminal: the wide staker tables print short addresses. */
static void golden_narrow(void **state) {
    (void)state;
    check_golden("staker", 80);
}

static void tokens_and_raw(void **state) {
    (void)state;
    char out[RR_TEXT_MAX];
    rr_tokens("31500000000000000000", 18, out);
    assert_string_equal(out, "31.5");
    rr_tokens("2500123456", 6, out);
    assert_string_equal(out, "2,500.123456");
    rr_tokens("10499999999999999989", 18, out);
    assert_string_equal(out, "10.499999999999999989");
    rr_tokens("1", 18, out);
    assert_string_equal(out, "0.000000000000000001");
    rr_tokens("0", 18, out);
    assert_string_equal(out, "0");
    rr_tokens("1234567000", 3, out);
    assert_string_equal(out, "1,234,567");
    rr_tokens("115792089237316195423570985008687907853269984665640564039457584007913129639935", 18, out);
    assert_string_equal(out, "115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457."
                             "584007913129639935");
    rr_tokens("12x", 18, out);
    assert_string_equal(out, "12x");
    rr_tokens(NULL, 18, out);
    assert_string_equal(out, "-");
    rr_raw("1000000", out);
    assert_string_equal(out, "1,000,000");
    rr_raw("999", out);
    assert_string_equal(out, "999");
}

static void percentages(void **state) {
    (void)state;
    char out[RR_TEXT_MAX];
    rr_percent("1000000000000000000", out);
    assert_string_equal(out, "100.0000%");
    rr_percent("333333333333333333", out);
    assert_string_equal(out, "33.3333%");
    rr_percent("250000000000000000", out);
    assert_string_equal(out, "25.0000%");
    rr_percent("999999999999", out);
    assert_string_equal(out, "0.0000%");
    rr_percent("1000000000000", out);
    assert_string_equal(out, "0.0001%");
    rr_percent("0", out);
    assert_string_equal(out, "0.0000%");
}

static void differences_and_addresses(void **state) {
    (void)state;
    char out[RR_TEXT_MAX];
    rr_sub("31500000000000000000", "8662500000000000011", out);
    assert_string_equal(out, "22837499999999999989");
    rr_sub("1", "2", out);
    assert_string_equal(out, "-");
    assert_true(rr_is_address("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"));
    assert_false(rr_is_address("0x3c44cdddb6a900fa2b585dd299e03d12fa4293b"));
    rr_short_address("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", out);
    assert_string_equal(out, "0x3c44..93bc");
}

static void unknown_kind(void **state) {
    (void)state;
    char err[128] = "";
    json_t *r = json_pack("{s:s}", "kind", "oracle");
    FILE *f = fopen("/dev/null", "w");
    assert_int_equal(rs_risk_render_table(r, f, err, sizeof err), -1);
    assert_string_equal(err, "risk report: unknown kind \"oracle\"");
    json_decref(r);
    r = json_pack("{s:s}", "kind", "\x1b]0;x\x07");
    assert_int_equal(rs_risk_render_table(r, f, err, sizeof err), -1);
    assert_string_equal(err, "risk report: unknown kind \"?]0;x?\"");
    json_decref(r);
    r = json_array();
    assert_int_equal(rs_risk_render_table(r, f, err, sizeof err), -1);
    assert_string_equal(err, "risk report: unknown kind (none)");
    json_decref(r);
    fclose(f);
}

/* The control bytes of a hostile report do not reach the terminal. */
static void control_bytes(void **state) {
    (void)state;
    json_t *r = json_pack("{s:s, s:s, s:i, s:[]}", "kind", "avs", "avs", "\x1b[31mred", "block", 1,
                          "sets");
    char *got = table_text(r, 0);
    assert_null(strchr(got, 0x1b));
    assert_non_null(strstr(got, "?[31mred"));
    free(got);
    json_decref(r);
}

/* The whole HTML page as one string (caller frees). */
static char *html_text(const json_t *report) {
    char path[] = "/tmp/risk_render_XXXXXX", err[128];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(rs_risk_render_html(report, path, err, sizeof err), 0);
    size_t n;
    char *page = read_whole_file(path, &n);
    assert_non_null(page);
    unlink(path);
    return page;
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* Each kind draws its charts; none loads anything from outside the page. */
static void html_charts(void **state) {
    (void)state;
    static const size_t charts[] = {2, 1, 2, 1, 1, 1};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char in[256];
        snprintf(in, sizeof in, FIXTURES "%s.json", kinds[i]);
        json_t *r = load(in);
        char *page = html_text(r);
        if (count(page, "<svg class=\"chart\"") != charts[i])
            fail_msg("%s: %zu charts", kinds[i], count(page, "<svg class=\"chart\""));
        assert_int_equal(count(page, "<script type=\"application/json\" id=\"report\">"), 1);
        assert_null(strstr(page, "http://"));
        assert_null(strstr(page, "https://"));
        assert_null(strstr(page, " src="));
        assert_null(strstr(page, "<link"));
        free(page);
        json_decref(r);
    }
}

static void html_escapes(void **state) {
    (void)state;
    json_t *r = load(FIXTURES "staker.json");
    json_object_set_new(r, "staker", json_string("</script><img src=x onerror=alert(1)>&\"'"));
    char *page = html_text(r);
    assert_null(strstr(page, "<img"));
    assert_null(strstr(page, "</script><"));
    assert_non_null(strstr(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"));
    /* In the embedded JSON the same string is \u-escaped, still valid JSON. */
    assert_non_null(strstr(page, "\\u003c/script\\u003e\\u003cimg"));
    free(page);
    json_decref(r);
}

static void html_unwritable(void **state) {
    (void)state;
    json_t *r = load(FIXTURES "avs.json");
    char err[160] = "";
    assert_int_equal(rs_risk_render_html(r, "/nonexistent-dir/report.html", err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent-dir/report.html: No such file or directory");
    json_decref(r);
}

/* The rendering modes tests/risk_html.sh drives. */
static int render_main(int argc, char **argv) {
    json_error_t e;
    json_t *r = json_load_file(argv[2], 0, &e);
    if (!r) {
        fprintf(stderr, "%s: %s\n", argv[2], e.text);
        return 1;
    }
    char err[256];
    int rc;
    if (strcmp(argv[1], "--html") == 0 && argc == 4)
        rc = rs_risk_render_html(r, argv[3], err, sizeof err);
    else if (strcmp(argv[1], "--table") == 0)
        rc = rs_risk_render_table_width(r, stdout, argc > 3 ? (unsigned)atoi(argv[3]) : 0, err,
                                        sizeof err);
    else {
        snprintf(err, sizeof err, "usage: --html REPORT OUT | --table REPORT [WIDTH]");
        rc = -1;
    }
    if (rc != 0) fprintf(stderr, "%s\n", err);
    json_decref(r);
    return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc >= 3) return render_main(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_tables),     cmocka_unit_test(golden_narrow),
        cmocka_unit_test(tokens_and_raw),    cmocka_unit_test(percentages),
        cmocka_unit_test(differences_and_addresses), cmocka_unit_test(unknown_kind),
        cmocka_unit_test(control_bytes),     cmocka_unit_test(html_charts),
        cmocka_unit_test(html_escapes),      cmocka_unit_test(html_unwritable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
