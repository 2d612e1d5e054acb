/* SVG chart primitives (risk_render_svg.h). Coordinates are in a fixed
 * viewBox; the page scales the SVG to its width. */
#include "cli/risk_render_svg.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define CHART_W 1160.0
#define BAR_LABEL_W 300.0
#define BAR_AREA_W 400.0
#define BAR_ROW_H 26.0
#define TOP 34.0

static const char *const palette[RR_SERIES_MAX] = {"#2f6fdf", "#e8871e", "#2a9d61", "#9b4dca",
                                                   "#c9374f", "#1f9bb0", "#7a7a2a", "#555555"};

static void open_chart(FILE *out, const char *title, double height) {
    fprintf(out,
            "<figure><svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
            "width=\"100%%\" role=\"img\" aria-label=\"",
            CHART_W, height);
    rr_html_text(out, title);
    fprintf(out, "\"><text class=\"title\" x=\"0\" y=\"20\">");
    rr_html_text(out, title);
    fputs("</text>", out);
}

static void close_chart(FILE *out) { fputs("</svg></figure>\n", out); }

/* A finite, non-negative figure (a chart never draws NaN or a negative bar). */
static double clean(double v) { return isfinite(v) && v > 0 ? v : 0; }

void rr_svg_bars(FILE *out, const char *title, const rr_bar *bars, size_t n, size_t more) {
    double height = TOP + (double)(n ? n : 1) * BAR_ROW_H + (more ? BAR_ROW_H : 0) + 10;
    open_chart(out, title, height);
    if (n == 0)
        fprintf(out, "<text class=\"none\" x=\"0\" y=\"%.1f\">nothing to show</text>", TOP + 17);
    for (size_t i = 0; i < n; i++) {
        double y = TOP + (double)i * BAR_ROW_H, max = 0;
        for (size_t j = 0; j < n; j++) {
            if (strcmp(bars[j].group, bars[i].group) != 0) continue;
            if (clean(bars[j].value) > max) max = clean(bars[j].value);
            if (clean(bars[j].marker) > max) max = clean(bars[j].marker);
        }
        double w = max > 0 ? clean(bars[i].value) / max * BAR_AREA_W : 0;
        fprintf(out, "<g class=\"bar%s\"><title>", bars[i].alt ? " alt" : "");
        rr_html_text(out, bars[i].label);
        fputs(": ", out);
        rr_html_text(out, bars[i].note);
        fprintf(out, "</title><text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                BAR_LABEL_W - 8, y + 17);
        rr_html_text(out, bars[i].label);
        fprintf(out, "</text><rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\"/>",
                BAR_LABEL_W, y + 4, BAR_AREA_W);
        fprintf(out, "<rect class=\"fill\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\"/>", BAR_LABEL_W,
                y + 4, w);
        if (bars[i].marker >= 0 && max > 0) {
            double mx = BAR_LABEL_W + clean(bars[i].marker) / max * BAR_AREA_W;
            fprintf(out, "<line class=\"marker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", mx, y + 1,
                    mx, y + 25);
        }
        fprintf(out, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\">", BAR_LABEL_W + BAR_AREA_W + 10, y + 17);
        rr_html_text(out, bars[i].note);
        fputs("</text></g>", out);
    }
    if (more)
        fprintf(out, "<text class=\"none\" x=\"%.1f\" y=\"%.1f\">(%zu more not shown)</text>", BAR_LABEL_W,
                TOP + (double)n * BAR_ROW_H + 17, more);
    close_chart(out);
}

#define PLOT_X0 90.0
#define PLOT_X1 (CHART_W - 20)
#define PANEL_H 150.0 /* one strategy's panel: its name, the plot, the block ticks */
#define PANEL_PLOT 95.0

/* One series in its own panel at height top, over blocks [b0, end]. Each
 * panel has its own scale: strategies of different tokens do not share one. */
static void step_panel(FILE *out, const rr_series *s, const char *colour, double top, long long b0, double end,
                       const char *unit) {
    double max = 0;
    for (size_t i = 0; i < s->n; i++)
        if (clean(s->value[i]) > max) max = clean(s->value[i]);
    double y0 = top + 30, y1 = y0 + PANEL_PLOT;
    double xs = (PLOT_X1 - PLOT_X0) / (end - (double)b0);
    double ys = max > 0 ? (y1 - y0) / max : 0;
#define X(b) (PLOT_X0 + ((double)(b) - (double)b0) * xs)
#define Y(v) (y1 - clean(v) * ys)
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>", PLOT_X0, top + 8, colour);
    fprintf(out, "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">", PLOT_X0 + 18, top + 19);
    rr_html_text(out, s->name);
    fputs(", ", out);
    rr_html_text(out, unit);
    fputs("</text>", out);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", PLOT_X0, y1, PLOT_X1, y1);
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", PLOT_X0, y0, PLOT_X0, y1);
    fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.6g</text>", PLOT_X0 - 6, y0 + 4,
            max);
    fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>", PLOT_X0 - 6, y1 + 4);
    for (size_t i = 0; i < s->n; i++)
        fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>", X(s->block[i]),
                y1 + 16, s->block[i]);
    fprintf(out, "<path class=\"step\" stroke=\"%s\" d=\"M%.1f %.1f", colour, X(s->block[0]), Y(s->value[0]));
    for (size_t i = 1; i < s->n; i++) fprintf(out, " H%.1f V%.1f", X(s->block[i]), Y(s->value[i]));
    fprintf(out, " H%.1f\"/>", X(end));
    for (size_t i = 0; i < s->n; i++)
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>block %lld: %.6g</title></circle>",
                X(s->block[i]), Y(s->value[i]), colour, s->block[i], clean(s->value[i]));
#undef X
#undef Y
}

void rr_svg_steps(FILE *out, const char *title, const rr_series *s, size_t ns, const char *unit) {
    assert(ns <= RR_SERIES_MAX);
    long long b0 = 0, b1 = 0;
    size_t drawn = 0;
    for (size_t k = 0; k < ns; k++) {
        for (size_t i = 0; i < s[k].n; i++) {
            if (!drawn && !i) b0 = b1 = s[k].block[i];
            if (s[k].block[i] < b0) b0 = s[k].block[i];
            if (s[k].block[i] > b1) b1 = s[k].block[i];
        }
        drawn += s[k].n > 0;
    }
    open_chart(out, title, TOP + (double)(drawn ? drawn : 1) * PANEL_H);
    if (!drawn) fprintf(out, "<text class=\"none\" x=\"0\" y=\"%.1f\">nothing to show</text>", TOP + 17);
    /* The last value holds on: the axis runs past the last block. */
    double span = (double)b1 - (double)b0;
    double end = (double)b1 + (span > 0 ? span / 8 : 1);
    double top = TOP;
    for (size_t k = 0; k < ns; k++) {
        if (s[k].n == 0) continue;
        step_panel(out, &s[k], palette[k], top, b0, end, unit);
        top += PANEL_H;
    }
    close_chart(out);
}

#define TL_X0 60.0
#define TL_X1 (CHART_W - 60)
#define TL_Y 120.0
#define TL_H 170.0

void rr_svg_timeline(FILE *out, const char *title, long long from, long long to, const char *from_label,
                     const char *to_label, const rr_mark *m, size_t n) {
    open_chart(out, title, TL_H);
    double span = to > from ? (double)to - (double)from : 1;
#define X(b) (TL_X0 + ((double)((b) < from ? from : (b) > to ? to : (b)) - (double)from) / span * (TL_X1 - TL_X0))
    fprintf(out, "<rect class=\"window\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\"/>", TL_X0, TL_Y - 7,
            TL_X1 - TL_X0);
    fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">", TL_X0, TL_Y + 34);
    rr_html_text(out, from_label);
    fprintf(out, "</text><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", TL_X1, TL_Y + 34);
    rr_html_text(out, to_label);
    fputs("</text>", out);
    for (size_t i = 0; i < n; i++) {
        double x = X(m[i].block);
        /* Neighbouring marks alternate between three heights so their labels
         * do not overlap. */
        double ly = TL_Y - 24 - (double)(i % 3) * 22;
        fprintf(out, "<g class=\"event\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, ly + 4, x,
                TL_Y + 7);
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x,
                TL_Y, x, ly, x > CHART_W * 0.7 ? "end" : "start");
        fprintf(out, "block %lld: ", m[i].block);
        rr_html_text(out, m[i].label);
        fputs("</text></g>", out);
    }
    if (n == 0)
        fprintf(out, "<text class=\"none\" x=\"%.1f\" y=\"%.1f\">no allocation or slasher change before completion</text>",
                TL_X0, TL_Y - 24);
#undef X
    close_chart(out);
}
