/*
 * lsan.c - LeakSanitizer's suppressions for the juesuan program, read by the
 * sanitizer runtime at start-up in an ASan build (and never called otherwise).
 *
 * Only leaks inside system libraries are suppressed: fontconfig keeps the
 * configuration that poppler loads for a font that is not embedded until the
 * process exits, and libfreexl loses its buffers when freexl_open fails on a
 * damaged workbook (the handle is never returned), and cairo (1.16) loses three
 * small arrays while its PDF surface prints poppler's pages for the annotated PDF
 * (render/pdf_annot.c destroys every surface and context it creates). A leak in
 * juesuan's own code still fails the run.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libfreexl.so\nleak:libcairo.so\n";
}
