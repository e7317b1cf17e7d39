/* util.c: allocation that cannot fail, growable strings, UTF-8 helpers. */
#include "util.h"

#include "diag.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(void)
{
	diag_oom();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void
xgrow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			oom();
		c *= 2;
	}
	*p = xrealloc(*p, c * size);
	*cap = c;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	xgrow(&b->s, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	xgrow(&b->s, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

size_t
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return false;
		i += k;
	}
	return true;
}

int
utf8_cp_width(uint32_t cp)
{
	if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

int
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	int w = 0;

	while (i < n) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			i++;
			w++;
			continue;
		}
		w += utf8_cp_width(cp);
		i += k;
	}
	return w;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool
utf8_invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xFEFF;
}

/* What utf8_show_invisible() spells out: the invisible characters and the
 * spaces that look like an ordinary one (U+00A0, U+2000-200A, U+202F,
 * U+205F). */
static bool
shown_invisible(uint32_t cp)
{
	return utf8_invisible(cp) || cp == 0xA0 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

char *
utf8_show_invisible(const char *s)
{
	struct buf b = {0};
	size_t n = strlen(s), i = 0, l;
	uint32_t cp;
	bool any = false;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80 ||
		    (l = utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_addc(&b, s[i++]);
			continue;
		}
		if (shown_invisible(cp)) {
			buf_printf(&b, "<U+%04X>", (unsigned)cp);
			any = true;
		} else
			buf_add(&b, s + i, l);
		i += l;
	}
	if (!any) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

char *
file_name_safe(const char *s, size_t room)
{
	struct buf b = {0};
	size_t n = strlen(s), i = 0, l;
	uint32_t cp;
	char *p;

	while (i < n) {
		if ((l = utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_addc(&b, '_');  /* not UTF-8: never from the model */
			i++;
			continue;
		}
		if (utf8_invisible(cp) || (cp < 0x80 && strchr(":*?\"<>|", (int)cp)))
			;                   /* dropped */
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == '/' || cp == '\\' || cp == 0x2028 || cp == 0x2029)
			buf_addc(&b, '_');
		else
			buf_add(&b, s + i, l);
		i += l;
	}
	p = buf_take(&b);
	if (p[0] == '.')
		p[0] = '_';
	n = strlen(p);
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ' '))
		n--;
	p[n] = '\0';
	return p;
}

bool
source_date_epoch(long long *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH"), *p;
	long long v = 0;

	if (s == NULL || *s == '\0')
		return true;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > 253402300799LL)  /* 9999-12-31T23:59:59Z */
			return false;
	}
	if (t)
		*t = v;
	return true;
}

bool
cell_formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

char *
fmt_cents(int64_t cents, char *out)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(out, 32, "%s%llu.%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	return out;
}

int
file_read(const char *path, char **data, size_t *len)
{
	struct buf b = {0};
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd, err = 0;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return errno;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = FILE_ENOTREG;
	while (!err && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (err) {
		buf_free(&b);
		return err;
	}
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

const char *
file_strerror(int err)
{
	switch (err) {
	case ENOENT: return "没有这个文件";
	case EACCES: case EPERM: return "没有权限";
	case EISDIR: return "这是目录，不是文件";
	case FILE_ENOTREG: return "不是普通文件（设备、管道或套接字）";
	case ENOTDIR: return "不是目录（或路径中有一段不是目录）";
	case ELOOP: return "符号链接太多层（或链接到自身）";
	case ENAMETOOLONG: return "文件名太长";
	case ENOSPC: return "磁盘已满";
	case EDQUOT: return "超出磁盘配额";
	case EROFS: return "只读文件系统";
	case EIO: return "读写出错（I/O 错误）";
	case EEXIST: return "已有同名文件";
	case FILE_ESYMLINK: return "是符号链接（kaohe 不经链接写入）";
	case EINTR: return "运行被中断";
	default: return diag_strerror(err);
	}
}

int
mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int err = 0;

	for (s = p + 1; *s && !err; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			err = errno;
		*s = '/';
	}
	if (!err && mkdir(p, 0777) != 0 && errno != EEXIST)
		err = errno;
	free(p);
	return err;
}

/* path resolved as far as it exists, the rest added by name ("." and ".."
 * taken as they read).  Caller frees. */
static char *
resolve_loose(const char *path)
{
	char *real = realpath(*path ? path : ".", NULL), *head, *out;
	const char *slash, *tail;
	size_t n = strlen(path);

	if (real)
		return real;
	while (n > 1 && path[n - 1] == '/')
		n--;
	head = xstrndup(path, n);
	slash = strrchr(head, '/');
	tail = slash ? slash + 1 : head;
	if (slash == NULL)
		real = resolve_loose(".");
	else if (slash == head)
		real = xstrdup("/");
	else {
		char *up = xstrndup(head, (size_t)(slash - head));
		real = resolve_loose(up);
		free(up);
	}
	if (strcmp(tail, ".") == 0 || *tail == '\0')
		out = real;
	else if (strcmp(tail, "..") == 0) {
		char *cut = strrchr(real, '/');
		if (cut && cut != real)
			*cut = '\0';
		else if (cut)
			cut[1] = '\0';
		out = real;
	} else {
		out = xasprintf("%s%s%s", real,
		    real[strlen(real) - 1] == '/' ? "" : "/", tail);
		free(real);
	}
	free(head);
	return out;
}

/* The directory part of path, resolved. */
static char *
place_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) :
	    xstrdup(".");
	char *real = resolve_loose(dir);

	free(dir);
	return real;
}

bool
path_same_place(const char *a, const char *b)
{
	const char *na = strrchr(a, '/'), *nb = strrchr(b, '/');
	char *da, *db;
	bool same;

	na = na ? na + 1 : a;
	nb = nb ? nb + 1 : b;
	if (strcmp(na, nb) != 0)
		return false;
	da = place_dir(a);
	db = place_dir(b);
	same = strcmp(da, db) == 0;
	free(da);
	free(db);
	return same;
}

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (name[0] == '/' || n == 0)
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

/* --- temporary files and interruption ------------------------------ *
 *
 * Every temporary file is named DIR/.kaohe-XXXXXX (short, so that any
 * output name that fits the file system works) and holds an flock() while
 * it lives: a later run recognises a leftover by its name and knows its
 * writer is gone when it can take the lock.  SIGINT, SIGTERM and SIGHUP are
 * taken by one thread (sigwait), which removes the live temporary files
 * and registered staging directories before the process ends by the
 * signal, so that an interrupted run leaves nothing behind. */

static pthread_mutex_t tmp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t tmp_once = PTHREAD_ONCE_INIT;
static char **tmp_files, **tmp_dirs;
static size_t ntmp_files, captmp_files, ntmp_dirs, captmp_dirs;
static bool tmp_dying;
static mode_t tmp_umask = 022;
static sigset_t tmp_signals;

static void
list_add(char ***list, size_t *n, size_t *cap, const char *path)
{
	xgrow(list, cap, *n + 1, sizeof **list);
	(*list)[(*n)++] = xstrdup(path);
}

static void
list_del(char **list, size_t *n, const char *path)
{
	size_t i;

	for (i = *n; i-- > 0;)
		if (strcmp(list[i], path) == 0) {
			free(list[i]);
			list[i] = list[--*n];
			return;
		}
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

int
rm_rf(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : errno;
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return lstat(path, &st) == 0 ? ENOTEMPTY : 0;
}

static void *
signal_thread(void *arg)
{
	sigset_t one;
	size_t i;
	int sig = SIGTERM;

	(void)arg;
	while (sigwait(&tmp_signals, &sig) != 0)
		;
	/* Held until the end: no temporary file is made or renamed after
	 * this point. */
	pthread_mutex_lock(&tmp_lock);
	tmp_dying = true;
	for (i = 0; i < ntmp_files; i++)
		unlink(tmp_files[i]);
	for (i = 0; i < ntmp_dirs; i++) {
		/* Renamed first, so that a writer still running (a library
		 * that opens its file by name) cannot make anything in it
		 * again; then removed, a few times if a file being made
		 * slipped in between. */
		char *gone = xasprintf("%s-x", tmp_dirs[i]);
		const char *dir = rename(tmp_dirs[i], gone) == 0 ? gone :
		    tmp_dirs[i];
		int k;

		for (k = 0; k < 5 && rm_rf(dir) != 0; k++)
			;
	}
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void
tmp_init(void)
{
	pthread_t th;
	pthread_attr_t attr;
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	bool known = false;

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "Umask:", 6) == 0) {
			tmp_umask = (mode_t)strtoul(line + 6, NULL, 8);
			known = true;
		}
	if (f)
		fclose(f);
	if (!known) {
		tmp_umask = umask(022);
		umask(tmp_umask);
	}
	sigemptyset(&tmp_signals);
	sigaddset(&tmp_signals, SIGINT);
	sigaddset(&tmp_signals, SIGTERM);
	sigaddset(&tmp_signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &tmp_signals, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	if (pthread_create(&th, &attr, signal_thread, NULL) != 0)
		pthread_sigmask(SIG_UNBLOCK, &tmp_signals, NULL);
	pthread_attr_destroy(&attr);
}

void
tmp_cleanup_init(void)
{
	pthread_once(&tmp_once, tmp_init);
}

unsigned
tmp_new_mode(void)
{
	tmp_cleanup_init();
	return 0666 & ~tmp_umask;
}

void
tmp_critical(bool enter)
{
	tmp_cleanup_init();
	if (enter)
		pthread_mutex_lock(&tmp_lock);
	else
		pthread_mutex_unlock(&tmp_lock);
}

void
tmp_track_dir(const char *path, bool on)
{
	tmp_cleanup_init();
	pthread_mutex_lock(&tmp_lock);
	if (on)
		list_add(&tmp_dirs, &ntmp_dirs, &captmp_dirs, path);
	else
		list_del(tmp_dirs, &ntmp_dirs, path);
	pthread_mutex_unlock(&tmp_lock);
}

void
tmp_track_file(const char *path, bool on)
{
	tmp_cleanup_init();
	pthread_mutex_lock(&tmp_lock);
	if (on)
		list_add(&tmp_files, &ntmp_files, &captmp_files, path);
	else
		list_del(tmp_files, &ntmp_files, path);
	pthread_mutex_unlock(&tmp_lock);
}

/* Whether name is a temporary file kaohe makes: ".kaohe-XXXXXX", or
 * "NAME.kaohe-XXXXXX" as version 1 made them. */
static bool
tmp_name(const char *name)
{
	size_t n = strlen(name);
	const char *p;

	if (n < 13)
		return false;
	p = name + n - 13;
	if (memcmp(p, ".kaohe-", 7) != 0)
		return false;
	for (p += 7; *p; p++)
		if (!isalnum((unsigned char)*p))
			return false;
	return true;
}

void
tmp_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		int fd;
		struct stat st;

		if (!tmp_name(de->d_name))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* a live writer holds the lock */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(d), de->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* Sweeps each directory once per run. */
static void
sweep_once(const char *dir)
{
	static char **swept;
	static size_t nswept, capswept;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nswept; i++)
		if (strcmp(swept[i], dir) == 0)
			break;
	if (i == nswept) {
		list_add(&swept, &nswept, &capswept, dir);
		tmp_sweep(dir);
	}
	pthread_mutex_unlock(&lock);
}

/* Whether path is inside a tracked (staging) directory. */
static bool
in_staging(const char *path)
{
	size_t i, n;
	bool in = false;

	pthread_mutex_lock(&tmp_lock);
	for (i = 0; i < ntmp_dirs && !in; i++) {
		n = strlen(tmp_dirs[i]);
		in = strncmp(path, tmp_dirs[i], n) == 0 && path[n] == '/';
	}
	pthread_mutex_unlock(&tmp_lock);
	return in;
}

int
file_check_target(const char *path, unsigned *mode)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : errno;
	if (S_ISLNK(st.st_mode))
		return FILE_ESYMLINK;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode))
		return FILE_ENOTREG;
	if (mode)
		*mode = st.st_mode & 07777;
	return 0;
}

int
file_write_atomic(const char *path, const void *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) :
	    xstrdup("./");
	/* mkstemp() fills in the six X of the name */
	char *tmp = xasprintf("%s.kaohe-" "XX" "XX" "XX", dir);
	const char *p = data;
	unsigned mode = tmp_new_mode();
	int fd = -1, err, dfd;
	size_t off = 0;
	ssize_t w;
	struct stat st;
	bool staged;

	if ((err = file_check_target(path, &mode)) != 0)
		goto out;
	staged = in_staging(path);
	if (!staged)
		sweep_once(dir);
	for (;;) {
		pthread_mutex_lock(&tmp_lock);
		if (tmp_dying) {
			pthread_mutex_unlock(&tmp_lock);
			err = EINTR;
			goto out;
		}
		memcpy(tmp + strlen(tmp) - 6, "XXXXXX", 6);
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
			err = errno;
			pthread_mutex_unlock(&tmp_lock);
			goto out;
		}
		list_add(&tmp_files, &ntmp_files, &captmp_files, tmp);
		pthread_mutex_unlock(&tmp_lock);
		/* a sweep by another run may have taken the name before the
		 * lock: then make another */
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0 &&
		    st.st_nlink > 0)
			break;
		close(fd);
		pthread_mutex_lock(&tmp_lock);
		list_del(tmp_files, &ntmp_files, tmp);
		pthread_mutex_unlock(&tmp_lock);
	}
	while (off < len) {
		w = write(fd, p + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		off += (size_t)w;
	}
	if (!err && fchmod(fd, (mode_t)mode) < 0)
		err = errno;
	/* a staged file is synced with its set, once (outset_commit) */
	if (!err && !staged && fsync(fd) < 0)
		err = errno;
	pthread_mutex_lock(&tmp_lock);
	/* the check again, just before: what appeared meanwhile is kept */
	if (!err)
		err = file_check_target(path, NULL);
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err)
		unlink(tmp);
	list_del(tmp_files, &ntmp_files, tmp);
	pthread_mutex_unlock(&tmp_lock);
	if (close(fd) < 0 && !err)
		err = errno;
	if (err || staged)
		goto out;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	free(tmp);
	free(dir);
	return err;
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

long
strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return (long)m->vals[i];
	return -1;
}

size_t
strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct strmap big = {0};
		size_t k;

		big.cap = m->cap ? m->cap * 2 : 64;
		big.keys = xcalloc(big.cap, sizeof *big.keys);
		big.vals = xcalloc(big.cap, sizeof *big.vals);
		for (k = 0; k < m->cap; k++) {
			if (!m->keys[k])
				continue;
			for (i = hash_str(m->keys[k]) & (big.cap - 1); big.keys[i];
			    i = (i + 1) & (big.cap - 1))
				;
			big.keys[i] = m->keys[k];
			big.vals[i] = m->vals[k];
		}
		big.n = m->n;
		free(m->keys);
		free(m->vals);
		*m = big;
	}
	for (i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return val;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
