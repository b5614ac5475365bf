/*
 * annot_box.c - the box drawn for a finding on its PDF page (annotate.h): its
 * cell's box where the finding names a table cell on that page, else the
 * finding's own. No MuPDF here, so the shared library (which has no MuPDF:
 * src/so/pdf_program.c) and the review server use the same boxes as the
 * program's annotated PDF (render/pdf_annot.c).
 */
#include "juesuan/annotate.h"
#include "juesuan/juesuan.h"

#include <string.h>

bool js_annot_box(const js_doc *doc, const js_finding *x, js_loc *box)
{
    memset(box, 0, sizeof *box);
    if (x->loc.page <= 0) return false;
    js_loc l = x->loc;
    if (doc && x->table && x->row && x->column && strlen(x->table) == 2 && x->table[0] == '0') {
        int no = x->table[1] - '0';
        const js_table *t = no >= 1 && no <= 9 ? doc->tables[no] : NULL;
        const js_cell *c = t ? js_table_cell(t, x->row, x->column) : NULL;
        if (c && c->loc.page == l.page && c->loc.x1 > c->loc.x0) l = c->loc;
    }
    if (!(l.x1 > l.x0) || !(l.y1 >= l.y0)) return false;
    *box = l;
    return true;
}
