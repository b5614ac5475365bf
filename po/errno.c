/* errno.c - not compiled: the glibc strerror texts that juesuan translates
 * itself (in the C.UTF-8 locale glibc gives them in English), listed here so
 * that xgettext puts them in juesuan.pot. src/lib/model/base.c translates
 * strerror(errno) through the juesuan catalogue. */
N_("No such file or directory");
N_("Permission denied");
N_("Is a directory");
N_("No such device or address");
N_("Too many open files");
N_("No space left on device");
N_("Read-only file system");
