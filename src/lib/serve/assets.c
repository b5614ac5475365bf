/*
 * assets.c - the files of web/, compiled into the library at build time
 * (cmake/embed.cmake), looked up by exact URL path: nothing a request names
 * is ever opened on the file system. ECharts (web/node_modules/echarts, put
 * there by `npm ci` in scripts/setup) is embedded when it was there at build
 * time; without it the page works and says the charts are missing.
 */
#include "serve_impl.h"

#include <string.h>

extern const char js_web_index_html[], js_web_app_js[], js_web_app_css[], js_web_echarts_js[];
extern const size_t js_web_index_html_len, js_web_app_js_len, js_web_app_css_len,
    js_web_echarts_js_len;

#ifndef JS_HAVE_ECHARTS
#define JS_HAVE_ECHARTS 0
#endif

bool sv_have_charts(void)
{
    return JS_HAVE_ECHARTS && js_web_echarts_js_len > 0;
}

const char *js_web_echarts(size_t *len)
{
    *len = sv_have_charts() ? js_web_echarts_js_len : 0;
    return *len ? js_web_echarts_js : NULL;
}

const void *sv_asset(const char *path, size_t *len, const char **ctype)
{
    if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
        *len = js_web_index_html_len;
        *ctype = "text/html; charset=utf-8";
        return js_web_index_html;
    }
    if (strcmp(path, "/app.js") == 0) {
        *len = js_web_app_js_len;
        *ctype = "text/javascript; charset=utf-8";
        return js_web_app_js;
    }
    if (strcmp(path, "/app.css") == 0) {
        *len = js_web_app_css_len;
        *ctype = "text/css; charset=utf-8";
        return js_web_app_css;
    }
    if (strcmp(path, "/echarts.min.js") == 0 && sv_have_charts()) {
        *len = js_web_echarts_js_len;
        *ctype = "text/javascript; charset=utf-8";
        return js_web_echarts_js;
    }
    return NULL;
}
