/* The self-contained HTML risk report (risk_render.h). */
#include "cli/risk_render.h"

#include <stdlib.h>

int rs_risk_render_html(const json_t *report, const char *path, char *err, size_t errlen) {
    (void)report, (void)path;
    snprintf(err, errlen, "HTML reports are not available in this build");
    return -1;
}
