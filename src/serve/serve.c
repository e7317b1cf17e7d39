/* serve.c: `kaohe serve` (SPEC section 10): the options, the state
 * directory, and the daemon's life until SIGINT or SIGTERM. */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diag.h"
#include "serve/serve.h"
#include "serve/serve_int.h"

struct serve_config serve_cfg;

static pthread_mutex_t ingest_mutex = PTHREAD_MUTEX_INITIALIZER;

void
ingest_lock(void)
{
	pthread_mutex_lock(&ingest_mutex);
}

void
ingest_unlock(void)
{
	pthread_mutex_unlock(&ingest_mutex);
}

void
serve_log(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_log("%s", b.s);
	buf_free(&b);
}

bool
random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];
	size_t i, got = 0;

	if (nbytes > sizeof raw)
		return false;
	while (got < nbytes) {
		ssize_t n = getrandom(raw + got, nbytes - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		got += (size_t)n;
	}
	for (i = 0; i < nbytes; i++) {
		out[2 * i] = "0123456789abcdef"[raw[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[raw[i] & 15];
	}
	out[2 * nbytes] = '\0';
	return true;
}

bool
job_id_valid(const char *s, size_t len)
{
	size_t i;

	if (len != JOB_ID_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* "64M", "1G", "512K", "1000": bytes, or 0 when malformed. */
static uint64_t
parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return 0;
	if (*end == 'K' || *end == 'k')
		mul = 1024;
	else if (*end == 'M' || *end == 'm')
		mul = 1024 * 1024;
	else if (*end == 'G' || *end == 'g')
		mul = 1024 * 1024 * 1024;
	if (mul != 1)
		end++;
	if (*end != '\0' || v > UINT64_MAX / mul)
		return 0;
	return v * mul;
}

static long
parse_count(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static const char help[] =
    "usage: kaohe serve [--listen ADDR:PORT] [--state DIR] [--max-upload SIZE]\n"
    "                   [--jobs N] [--keep DAYS] [--queue N] [--cpu-limit SEC]\n"
    "                   [--memory-limit SIZE] [--file-limit SIZE] [--time-limit SEC]\n"
    "\n"
    "内网网页服务：在浏览器中上传工作簿或 CSV 文件，查看检查结果和排名，\n"
    "下载报告、评分表、表彰决定和结果表。身份认证由前面的反向代理负责\n"
    "（见 contrib/nginx-kaohe.conf）。\n"
    "\n"
    "  --listen ADDR:PORT   监听地址，默认 127.0.0.1:8080（端口 0 任选空闲端口）\n"
    "  --state DIR          存放任务的目录，默认 root 为 /var/lib/kaohe，\n"
    "                       其他用户为 $XDG_STATE_HOME/kaohe\n"
    "  --max-upload SIZE    一次上传的上限，默认 64M\n"
    "  --jobs N             同时生成的任务数，默认处理器核数\n"
    "  --keep DAYS          任务保留天数，默认 7\n"
    "  --queue N            排队任务的上限，默认 64；排满时答 503\n"
    "  --cpu-limit SEC      每个任务的 CPU 时间上限，默认 300 秒\n"
    "  --memory-limit SIZE  每个任务的内存（地址空间）上限，默认 2G\n"
    "  --file-limit SIZE    每个任务写出的单个文件上限，默认 512M\n"
    "  --time-limit SEC     每个任务的运行时间上限，默认 600 秒\n";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	buf_adds(&b, "kaohe serve: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_log("%s\nusage: kaohe serve [--listen ADDR:PORT] [--state DIR] …"
	    "（kaohe serve --help）", b.s);
	buf_free(&b);
	return EXIT_USAGE;
}

static char *
default_state(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (geteuid() == 0)
		return xstrdup("/var/lib/kaohe");
	if (x != NULL && x[0] == '/')
		return path_join(x, "kaohe");
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/state/kaohe", home);
	return NULL;
}

static bool
parse_listen(const char *s, struct addrinfo **ai)
{
	char host[256];
	const char *colon = strrchr(s, ':'), *h = s;
	size_t hl;
	struct addrinfo hints;

	if (colon == NULL || colon[1] == '\0')
		return false;
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host || parse_count(colon + 1, 0, 65535) < 0)
		return false;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	return getaddrinfo(host, colon + 1, &hints, ai) == 0;
}

static bool
sanitized(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return true;
#else
	return false;
#endif
#else
	return false;
#endif
}

int
serve_main(int argc, char **argv)
{
	enum { O_LISTEN = 256, O_STATE, O_MAX_UPLOAD, O_JOBS, O_KEEP, O_QUEUE,
	    O_CPU, O_MEM, O_FILE, O_TIME, O_HELP };
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, O_LISTEN},
		{"state", required_argument, NULL, O_STATE},
		{"max-upload", required_argument, NULL, O_MAX_UPLOAD},
		{"jobs", required_argument, NULL, O_JOBS},
		{"keep", required_argument, NULL, O_KEEP},
		{"queue", required_argument, NULL, O_QUEUE},
		{"cpu-limit", required_argument, NULL, O_CPU},
		{"memory-limit", required_argument, NULL, O_MEM},
		{"file-limit", required_argument, NULL, O_FILE},
		{"time-limit", required_argument, NULL, O_TIME},
		{"help", no_argument, NULL, O_HELP},
		{NULL, 0, NULL, 0},
	};
	struct serve_config *c = &serve_cfg;
	struct addrinfo *ai = NULL;
	const char *listen = "127.0.0.1:8080";
	char *state = NULL;
	sigset_t sigs;
	ssize_t n;
	long v;
	int opt, sig;
	unsigned port = 0;
	bool ok;

	c->max_upload = 64u << 20;
	c->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (c->jobs < 1)
		c->jobs = 1;
	c->queue = 64;
	c->keep_days = 7;
	c->cpu_limit = 300;
	c->mem_limit = (uint64_t)2 << 30;
	c->file_limit = 512u << 20;
	c->time_limit = 600;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case O_LISTEN:
			listen = optarg;
			break;
		case O_STATE:
			free(state);
			state = xstrdup(optarg);
			break;
		case O_MAX_UPLOAD:
			if ((c->max_upload = parse_size(optarg)) == 0)
				return usage("--max-upload %s：须为大小，如 64M", optarg);
			break;
		case O_MEM:
			c->mem_limit = parse_size(optarg);
			if (c->mem_limit == 0 && strcmp(optarg, "0") != 0)
				return usage("--memory-limit %s：须为大小，如 2G", optarg);
			break;
		case O_FILE:
			if ((c->file_limit = parse_size(optarg)) == 0)
				return usage("--file-limit %s：须为大小，如 512M", optarg);
			break;
		case O_JOBS:
			if ((v = parse_count(optarg, 1, 64)) < 0)
				return usage("--jobs %s：须为 1 到 64 的整数", optarg);
			c->jobs = (int)v;
			break;
		case O_QUEUE:
			if ((v = parse_count(optarg, 0, 100000)) < 0)
				return usage("--queue %s：须为 0 到 100000 的整数", optarg);
			c->queue = (int)v;
			break;
		case O_KEEP:
			if ((v = parse_count(optarg, 1, 3650)) < 0)
				return usage("--keep %s：须为 1 到 3650 的整数", optarg);
			c->keep_days = (int)v;
			break;
		case O_CPU:
			if ((v = parse_count(optarg, 1, 86400)) < 0)
				return usage("--cpu-limit %s：须为 1 到 86400 的整数", optarg);
			c->cpu_limit = v;
			break;
		case O_TIME:
			if ((v = parse_count(optarg, 1, 86400)) < 0)
				return usage("--time-limit %s：须为 1 到 86400 的整数", optarg);
			c->time_limit = v;
			break;
		case O_HELP:
			fputs(help, stdout);
			free(state);
			return EXIT_OK;
		case ':':
			return usage("选项 %s 需要一个值", argv[optind - 1]);
		default:
			return usage("不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage("多余的参数“%s”", argv[optind]);
	if (!parse_listen(listen, &ai))
		return usage("--listen %s：须为 地址:端口，如 127.0.0.1:8080",
		    listen);
	if (state == NULL && (state = default_state()) == NULL) {
		freeaddrinfo(ai);
		return usage("%s", "须用 --state 指定状态目录");
	}
	c->state = state;
	c->listen = xstrdup(listen);
	if (sanitized())
		c->mem_limit = 0; /* AddressSanitizer reserves terabytes */
	n = readlink("/proc/self/exe", c->exe, sizeof c->exe - 1);
	if (n <= 0) {
		serve_log("kaohe serve: 找不到本程序（/proc/self/exe）");
		freeaddrinfo(ai);
		return EXIT_ENV;
	}
	c->exe[n] = '\0';
	/* SIGINT and SIGTERM end the server; every thread inherits the mask */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!jobs_start()) {
		freeaddrinfo(ai);
		return EXIT_ENV;
	}
	ok = http_start(ai->ai_addr, ai->ai_family == AF_INET6, &port);
	freeaddrinfo(ai);
	if (!ok) {
		jobs_stop();
		return EXIT_ENV;
	}
	serve_log("kaohe serve: 在 %.*s:%u 提供服务；状态目录 %s；同时生成 %d 个，"
	    "排队上限 %d，保留 %d 天", (int)(strrchr(listen, ':') - listen),
	    listen, port, c->state, c->jobs, c->queue, c->keep_days);
	do
		sig = 0;
	while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP);
	serve_log("kaohe serve: 收到信号 %d，停止服务", sig);
	http_stop();
	jobs_stop();
	free(c->state);
	free(c->listen);
	return EXIT_OK;
}
