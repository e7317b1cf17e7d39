/* jobs.c: the job table of `kaohe serve`.  Each job is a directory
 * STATE/jobs/ID holding in/ (the uploaded files under fixed names), out/
 * (what `kaohe build` wrote), stderr.log (its messages), the zips and a
 * `result` file.  At most --jobs builds run at once, each in a child
 * process of this same program with CPU, memory and file-size limits and
 * a wall-clock limit; at most --queue jobs wait. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "serve/serve_int.h"

struct job {
	char id[JOB_ID_LEN + 1];
	enum job_state state;
	bool submitted;
	int exit;
	char message[512];
	time_t created;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t clean_wake = PTHREAD_COND_INITIALIZER;
static struct job **table;     /* every job known */
static size_t njobs, capjobs;
static struct job **queue;     /* waiting, oldest first */
static size_t nqueue, capqueue;
static int nrunning;
static bool stopping;
static pthread_t *runners;
static pthread_t cleaner;
static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t children[256];    /* running builds, to kill at shutdown */

static char *
job_dir(const char *id)
{
	return xasprintf("%s/jobs/%s", serve_cfg.state, id);
}

static struct job *
find(const char *id)
{
	size_t i;

	for (i = 0; i < njobs; i++)
		if (strcmp(table[i]->id, id) == 0)
			return table[i];
	return NULL;
}

static void
forget(struct job *j)
{
	size_t i;

	for (i = 0; i < njobs; i++)
		if (table[i] == j) {
			table[i] = table[--njobs];
			break;
		}
	free(j);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The result file: "done 0" or "failed N", then the message. */
static void
write_result(const struct job *j)
{
	char *dir = job_dir(j->id), *path = path_join(dir, "result");
	char *text = xasprintf("%s %d\n%s\n", j->state == JOB_DONE ? "done" :
	    "failed", j->exit, j->message);

	if (file_write_atomic(path, text, strlen(text)) != 0)
		serve_log("kaohe serve: 无法写入 %s", path);
	free(text);
	free(path);
	free(dir);
}

static void
read_result(struct job *j, const char *dir)
{
	char *path = path_join(dir, "result"), *data = NULL, *nl;
	size_t len;

	if (file_read(path, &data, &len) == 0 &&
	    sscanf(data, "done %d", &j->exit) == 1) {
		j->state = JOB_DONE;
	} else if (data != NULL && sscanf(data, "failed %d", &j->exit) == 1) {
		j->state = JOB_FAILED;
		if ((nl = strchr(data, '\n')) != NULL) {
			snprintf(j->message, sizeof j->message, "%s", nl + 1);
			j->message[strcspn(j->message, "\n")] = '\0';
		}
	} else {
		/* the server stopped while it ran */
		j->state = JOB_FAILED;
		j->exit = -1;
		snprintf(j->message, sizeof j->message, "%s",
		    "服务在生成过程中停止，本次生成未完成，请重新上传。");
		write_result(j);
	}
	free(data);
	free(path);
}

/* Loads the jobs left by an earlier run of the server. */
static void
load_jobs(void)
{
	char *dir = path_join(serve_cfg.state, "jobs");
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *jd;
		struct stat st;
		struct job *j;

		if (!job_id_valid(e->d_name, strlen(e->d_name)))
			continue;
		jd = path_join(dir, e->d_name);
		if (lstat(jd, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(jd);
			continue;
		}
		j = xcalloc(1, sizeof *j);
		memcpy(j->id, e->d_name, JOB_ID_LEN + 1);
		j->created = st.st_mtime;
		j->submitted = true;
		read_result(j, jd);
		xgrow(&table, &capjobs, njobs + 1, sizeof *table);
		table[njobs++] = j;
		free(jd);
	}
	closedir(d);
	free(dir);
}

bool
jobs_create(char id[JOB_ID_LEN + 1], bool *full)
{
	struct job *j;
	char *dir, *in;
	bool ok;

	*full = false;
	pthread_mutex_lock(&lock);
	if (nqueue >= (size_t)serve_cfg.queue) {
		pthread_mutex_unlock(&lock);
		*full = true;
		return false;
	}
	do {
		if (!random_hex(id, JOB_ID_LEN / 2)) {
			pthread_mutex_unlock(&lock);
			return false;
		}
	} while (find(id) != NULL);
	j = xcalloc(1, sizeof *j);
	memcpy(j->id, id, JOB_ID_LEN + 1);
	j->state = JOB_QUEUED;
	j->created = time(NULL);
	xgrow(&table, &capjobs, njobs + 1, sizeof *table);
	table[njobs++] = j;
	pthread_mutex_unlock(&lock);
	dir = job_dir(id);
	in = path_join(dir, "in");
	ok = mkdir(dir, 0700) == 0 && mkdir(in, 0700) == 0;
	if (!ok)
		serve_log("kaohe serve: 无法创建 %s：%s", in, strerror(errno));
	free(in);
	free(dir);
	if (!ok)
		jobs_discard(id);
	return ok;
}

void
jobs_discard(const char *id)
{
	char *dir = job_dir(id);
	struct job *j;

	bool mine = false;

	pthread_mutex_lock(&lock);
	if ((j = find(id)) != NULL && !j->submitted) {
		forget(j);
		mine = true;
	}
	pthread_mutex_unlock(&lock);
	if (mine)
		remove_tree(dir);
	free(dir);
}

bool
jobs_submit(const char *id)
{
	struct job *j;

	pthread_mutex_lock(&lock);
	j = find(id);
	if (j == NULL || nqueue >= (size_t)serve_cfg.queue) {
		pthread_mutex_unlock(&lock);
		jobs_discard(id);
		return false;
	}
	j->submitted = true;
	xgrow(&queue, &capqueue, nqueue + 1, sizeof *queue);
	queue[nqueue++] = j;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	return true;
}

bool
jobs_get(const char *id, struct job_view *v)
{
	struct job *j;
	size_t i;
	char *dir;

	pthread_mutex_lock(&lock);
	if ((j = find(id)) == NULL || !j->submitted) {
		pthread_mutex_unlock(&lock);
		return false;
	}
	v->state = j->state;
	v->exit = j->exit;
	snprintf(v->message, sizeof v->message, "%s", j->message);
	v->ahead = 0;
	for (i = 0; i < nqueue && queue[i] != j; i++)
		v->ahead++;
	pthread_mutex_unlock(&lock);
	dir = job_dir(id);
	snprintf(v->dir, sizeof v->dir, "%s", dir);
	free(dir);
	return true;
}

void
jobs_counts(int *queued, int *running)
{
	pthread_mutex_lock(&lock);
	*queued = (int)nqueue;
	*running = nrunning;
	pthread_mutex_unlock(&lock);
}

static void
child_track(pid_t pid, bool add)
{
	size_t i;

	pthread_mutex_lock(&child_lock);
	for (i = 0; i < ARRAY_LEN(children); i++)
		if (add ? children[i] == 0 : children[i] == pid) {
			children[i] = add ? pid : 0;
			break;
		}
	pthread_mutex_unlock(&child_lock);
}

static void
set_limit(int resource, rlim_t value)
{
	struct rlimit r = {value, value};

	setrlimit(resource, &r);
}

int
run_child(const char *dir, const char *const *args, const char *errfile,
    char *msg, size_t msgsize)
{
	const char *argv[16];
	struct timespec start, now, nap = {0, 20 * 1000 * 1000};
	sigset_t all;
	size_t n;
	pid_t pid;
	int status, fd, null;
	bool timed_out = false;
	long cpu = serve_cfg.cpu_limit;

	argv[0] = "kaohe";
	for (n = 0; args[n] != NULL && n + 2 < ARRAY_LEN(argv); n++)
		argv[n + 1] = args[n];
	argv[n + 1] = NULL;
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || null < 0) {
		snprintf(msg, msgsize, "无法启动生成程序：%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		if (null >= 0)
			close(null);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid == 0) {
		/* only async-signal-safe calls from here on */
		setpgid(0, 0);
		if (chdir(dir) != 0)
			_exit(127);
		dup2(null, 0);
		dup2(null, 1);
		dup2(fd, 2);
		close_range(3, ~0u, 0); /* nothing of the server's leaks in */
		set_limit(RLIMIT_CPU, (rlim_t)cpu);
		if (serve_cfg.mem_limit)
			set_limit(RLIMIT_AS, (rlim_t)serve_cfg.mem_limit);
		set_limit(RLIMIT_FSIZE, (rlim_t)serve_cfg.file_limit);
		set_limit(RLIMIT_CORE, 0);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		execv(serve_cfg.exe, (char *const *)argv);
		_exit(127);
	}
	close(fd);
	close(null);
	if (pid < 0) {
		snprintf(msg, msgsize, "无法启动生成程序：%s", strerror(errno));
		return -1;
	}
	child_track(pid, true);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			status = 0;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!timed_out && now.tv_sec - start.tv_sec >= serve_cfg.time_limit) {
			timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		nanosleep(&nap, NULL);
	}
	child_track(pid, false);
	kill(-pid, SIGKILL); /* anything it left behind */
	if (timed_out) {
		snprintf(msg, msgsize, "超出运行时间限制（%ld 秒），已终止。",
		    serve_cfg.time_limit);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGXCPU || sig == SIGKILL)
			snprintf(msg, msgsize, "超出 CPU 时间限制（%ld 秒），"
			    "已终止。", cpu);
		else if (sig == SIGXFSZ)
			snprintf(msg, msgsize, "输出文件超出大小限制，已终止。");
		else
			snprintf(msg, msgsize, "生成程序异常终止（信号 %d：%s）。",
			    sig, strsignal(sig));
		return -1;
	}
	if (WEXITSTATUS(status) == 127) {
		snprintf(msg, msgsize, "无法启动生成程序 %s。", serve_cfg.exe);
		return -1;
	}
	return WEXITSTATUS(status);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Packs the regular files of dir into zip (stored: PDFs are compressed
 * already), by name order.  Returns false with msg set. */
static bool
make_zip(const char *dir, const char *zippath, char *msg, size_t msgsize)
{
	char *tmp = xasprintf("%s.tmp", zippath);
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	zip_t *z;
	int err;
	bool ok = true;
	DIR *d = opendir(dir);

	if (d == NULL) {
		snprintf(msg, msgsize, "无法读取 %s。", dir);
		free(tmp);
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			xgrow(&names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	unlink(tmp);
	if ((z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &err)) == NULL) {
		snprintf(msg, msgsize, "无法创建 %s。", zippath);
		ok = false;
	}
	for (i = 0; ok && i < n; i++) {
		char *p = path_join(dir, names[i]);
		zip_source_t *s = zip_source_file(z, p, 0, -1);
		zip_int64_t idx;

		if (s == NULL || (idx = zip_file_add(z, names[i], s,
		    ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(s);
			ok = false;
		} else {
			zip_set_file_compression(z, (zip_uint64_t)idx,
			    ZIP_CM_STORE, 0);
		}
		free(p);
	}
	if (z != NULL) {
		if (!ok)
			zip_discard(z);
		else if (zip_close(z) != 0) {
			zip_discard(z);
			ok = false;
		}
		if (!ok)
			snprintf(msg, msgsize, "无法打包 %s。", zippath);
	}
	if (ok && rename(tmp, zippath) != 0) {
		snprintf(msg, msgsize, "无法写入 %s。", zippath);
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tmp);
	return ok;
}

static void
run_job(struct job *j)
{
	static const char *const build[] = {"build", "in", "-o", "out", NULL};
	char *dir = job_dir(j->id);
	char *err = path_join(dir, "stderr.log");
	char msg[512] = "";
	int rc = run_child(dir, build, err, msg, sizeof msg);
	bool ok = rc == 0;

	if (ok) {
		char *sd = path_join(dir, "out/sheets"), *sz = path_join(dir,
		    "sheets.zip");
		char *hd = path_join(dir, "out/handbooks"), *hz = path_join(dir,
		    "handbooks.zip");
		struct stat st;

		ok = make_zip(sd, sz, msg, sizeof msg);
		if (ok && lstat(hd, &st) == 0 && S_ISDIR(st.st_mode))
			ok = make_zip(hd, hz, msg, sizeof msg);
		free(sd);
		free(sz);
		free(hd);
		free(hz);
	} else if (rc == 1) {
		snprintf(msg, sizeof msg, "%s", "数据有错误，未生成任何文件。"
		    "请按下表逐条改正后重新上传。");
	} else if (rc == 2) {
		snprintf(msg, sizeof msg, "%s", "生成命令用法错误（退出状态 2）。");
	} else if (rc == 3) {
		snprintf(msg, sizeof msg, "%s", "环境或输出问题（退出状态 3），"
		    "详见下面的消息；请告知系统管理员。");
	} else if (rc > 0) {
		snprintf(msg, sizeof msg, "生成程序以状态 %d 退出。", rc);
	}
	pthread_mutex_lock(&lock);
	if (stopping) {
		/* killed by the shutdown: the next start says so */
		pthread_mutex_unlock(&lock);
		free(err);
		free(dir);
		return;
	}
	j->state = ok ? JOB_DONE : JOB_FAILED;
	j->exit = rc;
	snprintf(j->message, sizeof j->message, "%s", msg);
	pthread_mutex_unlock(&lock);
	write_result(j);
	serve_log("kaohe serve: job %.8s… %s (exit %d)%s%s", j->id,
	    ok ? "done" : "failed", rc, *msg ? " " : "", msg);
	free(err);
	free(dir);
}

static void *
runner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		struct job *j;

		while (nqueue == 0 && !stopping)
			pthread_cond_wait(&wake, &lock);
		if (stopping)
			break;
		j = queue[0];
		memmove(queue, queue + 1, (nqueue - 1) * sizeof *queue);
		nqueue--;
		j->state = JOB_RUNNING;
		nrunning++;
		pthread_mutex_unlock(&lock);
		run_job(j);
		pthread_mutex_lock(&lock);
		nrunning--;
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Removes finished jobs older than --keep days, now and every 10 minutes. */
static void *
clean(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		time_t cut = time(NULL) - (time_t)serve_cfg.keep_days * 86400;
		size_t i;

		for (i = 0; i < njobs;) {
			struct job *j = table[i];
			if (j->submitted && j->created < cut &&
			    (j->state == JOB_DONE || j->state == JOB_FAILED)) {
				char *dir = job_dir(j->id);
				forget(j);
				remove_tree(dir);
				free(dir);
			} else {
				i++;
			}
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 600;
		pthread_cond_timedwait(&clean_wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

bool
jobs_start(void)
{
	char *dir = path_join(serve_cfg.state, "jobs");
	int err = mkdir_p(dir), i;

	if (err != 0) {
		serve_log("kaohe serve: 无法创建状态目录 %s：%s", dir,
		    strerror(err));
		free(dir);
		return false;
	}
	free(dir);
	load_jobs();
	runners = xcalloc((size_t)serve_cfg.jobs, sizeof *runners);
	for (i = 0; i < serve_cfg.jobs; i++)
		pthread_create(&runners[i], NULL, runner, NULL);
	pthread_create(&cleaner, NULL, clean, NULL);
	return true;
}

void
jobs_stop(void)
{
	size_t i;
	int k;

	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_cond_broadcast(&clean_wake);
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&child_lock);
	for (i = 0; i < ARRAY_LEN(children); i++)
		if (children[i] > 0)
			kill(-children[i], SIGKILL);
	pthread_mutex_unlock(&child_lock);
	for (k = 0; k < serve_cfg.jobs; k++)
		pthread_join(runners[k], NULL);
	pthread_join(cleaner, NULL);
	free(runners);
	for (i = 0; i < njobs; i++)
		free(table[i]);
	free(table);
	free(queue);
	table = queue = NULL;
	njobs = nqueue = 0;
}
