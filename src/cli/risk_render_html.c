/* The self-contained HTML risk report (risk_render.h): inline CSS, the
 * charts as inline SVG, the tables, and the report itself as JSON. The one
 * script only checks that every chart arrived and marks the page rendered. */
#include "cli/risk_render.h"

#include "cli/risk_render_fmt.h"
#include "cli/risk_render_parts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char page_css[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:24px 40px;color:#1d2330;background:#fbfbfd}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 6px;border-bottom:1px solid #d8dbe3}"
    ".sub{color:#5b6274;margin:0 0 14px}"
    "figure{margin:10px 0 18px;padding:10px 14px;background:#fff;border:1px solid #e1e4ea;border-radius:6px}"
    "svg.chart{display:block;font:13px system-ui,sans-serif}"
    "svg .title{font-weight:600;font-size:15px;fill:#1d2330}"
    "svg .label,svg .note,svg .tick,svg .legend,svg .none{fill:#3a4152}"
    "svg .track{fill:#eef0f4}svg .fill{fill:#2f6fdf}svg .alt .fill{fill:#e8871e}"
    "svg .marker{stroke:#1d2330;stroke-width:2;stroke-dasharray:3 2}"
    "svg .axis{stroke:#8a90a0}svg .step{fill:none;stroke-width:2.5}"
    "svg .window{fill:#cfe0ff}svg .event line{stroke:#c9374f;stroke-width:1.5}"
    "svg .event circle{fill:#c9374f}svg .event text{fill:#7d1f30;font-size:12px}"
    ".tables{white-space:pre-line}"
    "table{border-collapse:collapse;margin:4px 0 10px;white-space:nowrap;font:12px ui-monospace,monospace}"
    "th,td{padding:2px 10px 2px 0;text-align:left;border-bottom:1px solid #eceef2}"
    "th{color:#5b6274;font-weight:600}.r{text-align:right}abbr{text-decoration:none}";

/* Marks the page rendered once every chart the renderer wrote is in the
 * DOM, drew something, and the embedded report parses. */
static const char page_check[] =
    "(function(){var b=document.body,want=+b.dataset.charts,s=document.querySelectorAll('svg.chart'),ok=s.length===want;"
    "for(var i=0;i<s.length;i++){var r=s[i].getBBox();if(!(r.width>0&&r.height>0))ok=false;}"
    "try{JSON.parse(document.getElementById('report').textContent);}catch(e){ok=false;}"
    "b.dataset.rendered=ok?'ok':'incomplete';})();";

/* JSON into a <script> element: '<', '>' and '&' only occur inside JSON
 * strings, where their \u escapes mean the same, so no "</script>" can end
 * the element early. */
static int dump_escaped(const char *buf, size_t size, void *data) {
    FILE *out = data;
    for (size_t i = 0; i < size; i++) {
        switch (buf[i]) {
        case '<': fputs("\\u003c", out); break;
        case '>': fputs("\\u003e", out); break;
        case '&': fputs("\\u0026", out); break;
        default: fputc(buf[i], out);
        }
    }
    return 0;
}

/* The title: the kind and what the report is about. */
static void page_title(const json_t *r, FILE *out) {
    static const char *const subject_key[][2] = {{"staker", "staker"}, {"operator", "operator"},
                                                 {"set", "avs"},       {"avs", "avs"},
                                                 {"whatif", "avs"},    {"all", NULL}};
    const char *kind = rr_str(r, "kind");
    const char *subject = NULL;
    for (size_t i = 0; kind && i < sizeof subject_key / sizeof subject_key[0]; i++)
        if (strcmp(kind, subject_key[i][0]) == 0 && subject_key[i][1]) subject = rr_str(r, subject_key[i][1]);
    fputs("Risk report: ", out);
    rr_html_text(out, kind ? kind : "unknown");
    if (subject) {
        fputc(' ', out);
        rr_html_text(out, subject);
    }
    long long id;
    if (subject && rr_int(r, "operatorSetId", &id)) fprintf(out, ":%lld", id);
}

static void write_page(const json_t *r, FILE *out) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", out);
    page_title(r, out);
    fprintf(out, "</title><style>%s</style></head>\n", page_css);
    /* The chart count goes on <body> before the charts: count into a memory
     * stream first. */
    char *charts = NULL;
    size_t charts_len = 0;
    FILE *mem = open_memstream(&charts, &charts_len);
    int drawn = mem ? rr_render_charts(r, mem) : 0;
    if (mem) fclose(mem);
    fprintf(out, "<body data-charts=\"%d\">\n<h1>", drawn);
    page_title(r, out);
    char b[RR_TEXT_MAX], src[RR_TEXT_MAX];
    rr_field(r, "block", b);
    rr_field(r, "source", src);
    fputs("</h1><p class=\"sub\">At block ", out);
    rr_html_text(out, b);
    fputs(", read from ", out);
    rr_html_text(out, src);
    fputs(". Amounts are in whole tokens; the tables give the exact raw figures.</p>\n", out);
    if (charts) fwrite(charts, 1, charts_len, out);
    free(charts);
    fputs("<div class=\"tables\">", out);
    char err[128];
    if (rr_render_tables(r, out, 0, true, err, sizeof err) != 0) {
        fputs("<p>", out);
        rr_html_text(out, err);
        fputs("</p>", out);
    }
    fputs("</div>\n<script type=\"application/json\" id=\"report\">", out);
    json_dump_callback(r, dump_escaped, out, JSON_INDENT(1) | JSON_ENCODE_ANY);
    fprintf(out, "</script>\n<script>%s</script>\n</body></html>\n", page_check);
}

int rs_risk_render_html(const json_t *report, const char *path, char *err, size_t errlen) {
    FILE *out = fopen(path, "w");
    if (!out) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    write_page(report, out);
    int bad = ferror(out);
    if (fclose(out) != 0 || bad) {
        snprintf(err, errlen, "%s: could not be written in full", path);
        return -1;
    }
    return 0;
}
