/* outset.c: a set of outputs replaced as a whole (see outset.h). */
#include "out/outset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "out/out.h"
#include "util.h"

#define STAGE_PREFIX ".kaohe-new-"
#define JOURNAL ".kaohe-commit"  /* in the staging dir: the commit began */
#define MANIFEST ".kaohe.set"    /* the names of the set in OUTDIR */
#define TRASH ".kaohe-old"       /* in the staging dir: what is replaced */

struct outset {
	char *dir;      /* OUTDIR */
	char *staging;  /* OUTDIR/.kaohe-new-XXXXXX */
	int lockfd;     /* OUTDIR opened, flock()ed */
	bool made;      /* OUTDIR did not exist before */
};

/* kaohe's own bookkeeping names, never members of a set */
static bool
internal(const char *name)
{
	return strncmp(name, ".kaohe-", 7) == 0 || strcmp(name, MANIFEST) == 0 ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

static int
fail(const char *path, const char *what, int err)
{
	diag_msg(D_OUTPUT_PLACE, path, 0, 0, what, file_strerror(err));
	return EXIT_ENV;
}

int
outset_check_file(const char *path)
{
	int err = file_check_target(path, NULL);

	return err ? fail(path, "不能写在这里", err) : EXIT_OK;
}

/* Lines of a small text file, or NULL (no file). */
static char **
read_lines(const char *path, size_t *n)
{
	char *text, *p, *nl, **lines = NULL;
	size_t len, cap = 0;

	*n = 0;
	if (file_read(path, &text, &len) != 0)
		return NULL;
	for (p = text; *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		xgrow(&lines, &cap, *n + 1, sizeof *lines);
		lines[(*n)++] = xstrdup(p);
	}
	free(text);
	return lines ? lines : xcalloc(1, sizeof *lines);
}

static void
free_lines(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Moves dir/name (when there) into the trash of staging. */
static int
to_trash(const char *dir, const char *staging, const char *name)
{
	char *from = path_join(dir, name), *trash = path_join(staging, TRASH);
	char *to = path_join(trash, name);
	struct stat st;
	int err = 0;

	if (lstat(from, &st) == 0 && !S_ISLNK(st.st_mode)) {
		if (mkdir(trash, 0700) != 0 && errno != EEXIST)
			err = errno;
		rm_rf(to);
		if (!err && rename(from, to) != 0)
			err = errno;
	}
	free(from);
	free(trash);
	free(to);
	return err;
}

/* Carries out the journal of staging: idempotent, so that a run killed in
 * the middle is completed by the next one.  0 or errno. */
static int
apply(const char *dir, const char *staging)
{
	char *jpath = path_join(staging, JOURNAL);
	char **lines;
	size_t n, i;
	int err = 0;

	lines = read_lines(jpath, &n);
	free(jpath);
	if (lines == NULL)
		return ENOENT;
	for (i = 0; i < n && !err; i++) {
		const char *name = lines[i] + 1;
		char *from = path_join(staging, name), *to = path_join(dir, name);
		struct stat st, old;

		if (lines[i][0] == '+' && lstat(from, &st) == 0) {
			if (S_ISDIR(st.st_mode) && lstat(to, &old) == 0 &&
			    S_ISDIR(old.st_mode))
				err = to_trash(dir, staging, name);
			if (!err && rename(from, to) != 0)
				err = errno;
		} else if (lines[i][0] == '-')
			err = to_trash(dir, staging, name);
		free(from);
		free(to);
	}
	free_lines(lines, n);
	if (!err) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		err = rm_rf(staging);
	}
	return err;
}

/* Finishes or removes what killed runs left in dir (the caller holds the
 * lock on dir). */
static int
recover(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = EXIT_OK;

	if (d == NULL)
		return fail(dir, "无法读取输出目录", errno);
	while ((de = readdir(d)) != NULL) {
		char *stage, *journal;
		struct stat st;
		int err;

		if (strncmp(de->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0)
			continue;
		stage = path_join(dir, de->d_name);
		journal = path_join(stage, JOURNAL);
		if (lstat(journal, &st) == 0)
			err = apply(dir, stage);  /* it was committing */
		else
			err = rm_rf(stage);       /* it was writing */
		if (err)
			rc = fail(stage, "无法清理上次中断的运行留下的文件", err);
		free(journal);
		free(stage);
	}
	closedir(d);
	tmp_sweep(dir);
	return rc;
}

struct outset *
outset_begin(const char *outdir)
{
	struct outset *s;
	struct stat st;
	char *tmpl;
	int err, fd;
	bool made;

	tmp_cleanup_init();
	made = lstat(outdir, &st) != 0 && errno == ENOENT;
	if ((err = mkdir_p(outdir)) != 0) {
		fail(outdir, "无法创建输出目录", err);
		return NULL;
	}
	if (stat(outdir, &st) != 0) {
		fail(outdir, "输出目录不可用", errno);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		fail(outdir, "输出目录不可用", ENOTDIR);
		return NULL;
	}
	if ((fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fail(outdir, "无法打开输出目录", errno);
		return NULL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		diag_progress("kaohe: %s: 另一个 kaohe 正在写入这个目录，"
		    "等它结束\n", outdir);
		if (flock(fd, LOCK_EX) != 0) {
			fail(outdir, "无法锁定输出目录", errno);
			close(fd);
			return NULL;
		}
	}
	if (recover(outdir) != EXIT_OK) {
		close(fd);
		return NULL;
	}
	tmpl = path_join(outdir, STAGE_PREFIX "XXXXXX");
	if (mkdtemp(tmpl) == NULL) {
		fail(outdir, "无法在输出目录中写入", errno);
		free(tmpl);
		close(fd);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(outdir);
	s->staging = tmpl;
	s->lockfd = fd;
	s->made = made;
	tmp_track_dir(s->staging, true);
	return s;
}

/* Whether the thing at dir/name may be replaced by a file (is_dir false)
 * or a directory; 0 or an error for file_strerror(). */
static int
replaceable(const char *dir, const char *name, bool is_dir)
{
	char *path = path_join(dir, name);
	struct stat st;
	int err = 0;

	if (lstat(path, &st) != 0)
		err = errno == ENOENT ? 0 : errno;
	else if (S_ISLNK(st.st_mode))
		err = FILE_ESYMLINK;
	else if (is_dir && !S_ISDIR(st.st_mode))
		err = S_ISREG(st.st_mode) ? ENOTDIR : FILE_ENOTREG;
	else if (!is_dir && S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!is_dir && !S_ISREG(st.st_mode))
		err = FILE_ENOTREG;
	free(path);
	return err;
}

char *
outset_path(struct outset *s, const char *name, bool is_dir)
{
	int err = replaceable(s->dir, name, is_dir);

	if (err) {
		char *path = path_join(s->dir, name);

		fail(path, "不能写在这里", err);
		free(path);
		return NULL;
	}
	return path_join(s->staging, name);
}

const char *
outset_staging(const struct outset *s)
{
	return s->staging;
}

static void
release(struct outset *s)
{
	tmp_track_dir(s->staging, false);
	close(s->lockfd);  /* the lock ends */
	free(s->dir);
	free(s->staging);
	free(s);
}

void
outset_abort(struct outset *s)
{
	if (s == NULL)
		return;
	rm_rf(s->staging);
	if (s->made)  /* as it was: no OUTDIR */
		rmdir(s->dir);
	release(s);
}

/* A replaced file keeps its mode: the staged file `from` takes the mode of
 * `to` when that is a regular file; in a directory, file by file. */
static void
keep_modes(const char *from, const char *to)
{
	struct stat a, b;

	if (lstat(from, &a) != 0 || lstat(to, &b) != 0)
		return;
	if (S_ISREG(a.st_mode) && S_ISREG(b.st_mode))
		chmod(from, b.st_mode & 07777);
	else if (S_ISDIR(a.st_mode) && S_ISDIR(b.st_mode)) {
		DIR *d = opendir(from);
		struct dirent *de;

		chmod(from, b.st_mode & 07777);
		while (d && (de = readdir(d)) != NULL) {
			char *f, *t;

			if (internal(de->d_name))
				continue;
			f = path_join(from, de->d_name);
			t = path_join(to, de->d_name);
			if (lstat(f, &a) == 0 && S_ISREG(a.st_mode))
				keep_modes(f, t);
			free(f);
			free(t);
		}
		if (d)
			closedir(d);
	}
}

int
outset_commit(struct outset *s)
{
	DIR *d;
	struct dirent *de;
	struct buf journal = {0}, manifest = {0};
	struct strmap names = {0};
	char *path, **old;
	size_t nold = 0, i;
	int err = 0, rc = EXIT_OK;

	/* the staged names: each checked against its place in OUTDIR */
	if ((d = opendir(s->staging)) == NULL) {
		rc = fail(s->staging, "无法读取", errno);
		outset_abort(s);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		char *from, *to;
		struct stat st;

		if (internal(de->d_name))
			continue;
		from = path_join(s->staging, de->d_name);
		to = path_join(s->dir, de->d_name);
		if (lstat(from, &st) == 0 &&
		    (err = replaceable(s->dir, de->d_name,
		    S_ISDIR(st.st_mode))) != 0)
			rc = fail(to, "不能写在这里", err);
		keep_modes(from, to);
		buf_printf(&journal, "+%s\n", de->d_name);
		strmap_put(&names, de->d_name, 0);
		buf_printf(&manifest, "%s\n", de->d_name);
		free(from);
		free(to);
	}
	closedir(d);
	/* the previous set's names this one lacks */
	path = path_join(s->dir, MANIFEST);
	old = read_lines(path, &nold);
	free(path);
	for (i = 0; i < nold; i++)
		if (!internal(old[i]) && strchr(old[i], '/') == NULL &&
		    *old[i] && strmap_get(&names, old[i]) < 0)
			buf_printf(&journal, "-%s\n", old[i]);
	free_lines(old, nold);
	strmap_free(&names);
	buf_adds(&journal, "+" MANIFEST "\n");
	if (rc == EXIT_OK) {
		path = path_join(s->staging, MANIFEST);
		if ((err = file_write_atomic(path, manifest.s ? manifest.s : "",
		    manifest.len)) != 0)
			rc = fail(path, "无法写入", err);
		free(path);
	}
	if (rc == EXIT_OK) {
		/* everything staged on disk before the commit point */
		int sfd = open(s->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (sfd < 0 || syncfs(sfd) != 0)
			rc = fail(s->staging, "无法写入", errno);
		if (sfd >= 0)
			close(sfd);
	}
	if (rc == EXIT_OK) {
		/* the commit point: from here the next run completes it */
		path = path_join(s->staging, JOURNAL);
		if ((err = file_write_atomic(path, journal.s, journal.len)) != 0)
			rc = fail(path, "无法写入", err);
		free(path);
	}
	buf_free(&journal);
	buf_free(&manifest);
	if (rc != EXIT_OK) {
		outset_abort(s);
		return rc;
	}
	/* An interruption waits for the moves to end. */
	tmp_critical(true);
	err = apply(s->dir, s->staging);
	tmp_critical(false);
	if (err)
		rc = fail(s->dir, "输出未能全部放入（下次运行时补完）", err);
	release(s);
	return rc;
}

int
sheets_check_combined(const struct model *m, const char *outdir,
    const char *combined)
{
	char **names = sheets_file_names(m);
	size_t k;
	int rc = EXIT_OK;

	for (k = 0; k < m->nbranches; k++) {
		char *path = path_join(outdir, names[k]);

		if (rc == EXIT_OK && path_same_place(path, combined)) {
			diag_msg(D_COMBINED_IS_SHEET, NULL, 0, 0, combined,
			    m->branches[k].id);
			rc = EXIT_USAGE;
		}
		free(path);
		free(names[k]);
	}
	free(names);
	return rc;
}
