/*
 * xls_helper.c - the program juesuan-xls: the XLS reader's libfreexl, run in a
 * process of its own (src/lib/ingest/xls.c, "the helper program"). Not for
 * users: `juesuan-xls FILE NAME` writes the workbook FILE, encoded for
 * js_xls_read, to standard output.
 */
#include "ingest/sheet.h"

#include <unistd.h>

int main(int argc, char **argv)
{
    /* _exit: the process's memory goes with it; libfreexl leaks some of its
     * own on damaged workbooks, which a sanitizer build's exit check would report */
    _exit(js_xls_helper_main(argc, argv));
}
