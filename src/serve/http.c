/* http.c: the requests of `kaohe serve` (SPEC section 10) on
 * libmicrohttpd: routing, the upload (multipart, streamed to the job's
 * directory), the CSRF token and same-origin check, downloads, the
 * security headers and one log line per request. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve/serve_int.h"

#define MAX_PARTS 32   /* files in one upload */
#define MAX_FIELDS 48  /* parts of any kind in one upload */
#define COOKIE "kaohe_csrf"

struct part {
	char *orig;      /* the uploaded name, cleaned, for display only */
	char *key;       /* the form field */
	char tmp[32];    /* in/.part-N */
	uint64_t size;
};

struct upload {
	char id[JOB_ID_LEN + 1];
	char *in;        /* the job's in/ */
	struct part parts[MAX_PARTS];
	size_t nparts;
	int fd;          /* the part being written, or -1 */
	bool skipping;   /* an empty file input */
	char token[72];
	size_t toklen;
	unsigned fields;
	unsigned status; /* 0, or the error status */
	const char *error;
};

struct req {
	char method[8];
	char path[128];
	unsigned status;
	uint64_t body;
	struct timespec start;
	bool started, post, answered, oversize;
	struct MHD_PostProcessor *pp;
	struct upload *up;
};

static struct MHD_Daemon *daemon_;
static pthread_mutex_t template_lock = PTHREAD_MUTEX_INITIALIZER;
static bool template_made;

static void
add_common_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

static enum MHD_Result
queue(struct MHD_Connection *c, struct req *r, unsigned status,
    struct MHD_Response *resp)
{
	enum MHD_Result ret;

	add_common_headers(resp);
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->answered = true;
	return ret;
}

/* Answers with b (taken) as type. */
static enum MHD_Result
answer(struct MHD_Connection *c, struct req *r, unsigned status,
    struct buf *b, const char *type)
{
	size_t len = b->len;
	char *s = buf_take(b);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, s,
	    MHD_RESPMEM_MUST_FREE);

	if (resp == NULL) {
		free(s);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	return queue(c, r, status, resp);
}

static enum MHD_Result
answer_message(struct MHD_Connection *c, struct req *r, unsigned status,
    const char *title, const char *text)
{
	struct buf b = {0};

	page_message(&b, title, text);
	return answer(c, r, status, &b, "text/html; charset=utf-8");
}

static enum MHD_Result
not_found(struct MHD_Connection *c, struct req *r)
{
	return answer_message(c, r, 404, "找不到这个页面",
	    "没有这个页面或任务。任务保留一定天数后会自动删除；请回到首页重新上传。");
}

/* The cookie's token when it is well formed. */
static const char *
cookie_token(struct MHD_Connection *c)
{
	const char *t = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);

	return t != NULL && job_id_valid(t, strlen(t)) ? t : NULL;
}

static enum MHD_Result
get_upload_page(struct MHD_Connection *c, struct req *r)
{
	const char *have = cookie_token(c);
	char token[JOB_ID_LEN + 1], cookie[128];
	struct buf b = {0};
	size_t len;
	char *s;
	struct MHD_Response *resp;

	if (have != NULL)
		memcpy(token, have, sizeof token);
	else if (!random_hex(token, JOB_ID_LEN / 2))
		return answer_message(c, r, 500, "服务器错误", "无法生成随机数。");
	page_upload(&b, token, NULL);
	len = b.len;
	s = buf_take(&b);
	resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(s);
		return MHD_NO;
	}
	snprintf(cookie, sizeof cookie, COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Strict", token);
	MHD_add_response_header(resp, "Set-Cookie", cookie);
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	return queue(c, r, 200, resp);
}

static enum MHD_Result
get_asset(struct MHD_Connection *c, struct req *r, const char *name)
{
	size_t len;
	const char *data = asset_get(name, &len);
	struct MHD_Response *resp;

	if (data == NULL)
		return not_found(c, r);
	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)data,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
	    strstr(name, ".css") ? "text/css; charset=utf-8" :
	    "text/javascript; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	return queue(c, r, 200, resp);
}

/* RFC 6266 / 8187: attr-chars stay, every other byte is %XX. */
static void
disposition(char *out, size_t size, const char *how, const char *ascii,
    const char *utf8)
{
	struct buf b = {0};
	const unsigned char *p;

	buf_printf(&b, "%s; filename=\"%s\"; filename*=UTF-8''", how, ascii);
	for (p = (const unsigned char *)utf8; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	snprintf(out, size, "%s", b.s);
	buf_free(&b);
}

static enum MHD_Result
send_file(struct MHD_Connection *c, struct req *r, const char *path,
    const char *type, const char *how, const char *ascii, const char *utf8)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	struct MHD_Response *resp;
	char cd[512];

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return not_found(c, r);
	}
	resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
	if (resp == NULL) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "private, no-cache");
	disposition(cd, sizeof cd, how, ascii, utf8);
	MHD_add_response_header(resp, "Content-Disposition", cd);
	return queue(c, r, 200, resp);
}

static enum MHD_Result
get_template(struct MHD_Connection *c, struct req *r)
{
	static const char *const args[] = {"template", "-o", "template.xlsx",
	    NULL};
	char *path = path_join(serve_cfg.state, "template.xlsx");
	char *log = path_join(serve_cfg.state, "template.log");
	char msg[512] = "";
	bool ok;
	enum MHD_Result ret;

	pthread_mutex_lock(&template_lock);
	if (!template_made) {
		int rc = run_child(serve_cfg.state, args, log, msg, sizeof msg);
		template_made = rc == 0;
		if (rc != 0)
			serve_log("kaohe serve: kaohe template failed (%d) %s", rc,
			    msg);
	}
	ok = template_made;
	pthread_mutex_unlock(&template_lock);
	if (ok)
		ret = send_file(c, r, path, "application/vnd.openxmlformats-"
		    "officedocument.spreadsheetml.sheet", "attachment",
		    "template.xlsx", "考核数据模板.xlsx");
	else
		ret = answer_message(c, r, 503, "模板暂不可用",
		    "本服务器上的 kaohe 版本还不能生成 Excel 模板。请按首页的说明"
		    "准备 CSV 文件，或请系统管理员更新 kaohe。");
	free(path);
	free(log);
	return ret;
}

static const struct download {
	const char *name, *path, *type, *how, *utf8;
} downloads[] = {
	{"report.pdf", "out/report.pdf", "application/pdf", "inline",
	    "考核情况报告.pdf"},
	{"notice.pdf", "out/notice.pdf", "application/pdf", "inline",
	    "表彰决定.pdf"},
	{"results.csv", "out/results.csv", "text/csv; charset=utf-8",
	    "attachment", "考核结果.csv"},
	{"results.xlsx", "out/results.xlsx", "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet", "attachment", "考核结果.xlsx"},
	{"sheets.zip", "sheets.zip", "application/zip", "attachment",
	    "支部考核评分表.zip"},
	{"handbooks.zip", "handbooks.zip", "application/zip", "attachment",
	    "党支部工作手册.zip"},
};

/* /jobs/ID, /jobs/ID.json, /jobs/ID/NAME */
static enum MHD_Result
get_job(struct MHD_Connection *c, struct req *r, const char *rest)
{
	char id[JOB_ID_LEN + 1];
	const char *tail = rest + JOB_ID_LEN;
	struct job_view *v;
	struct job_data *d;
	struct buf b = {0};
	enum MHD_Result ret;
	size_t i;

	if (strlen(rest) < JOB_ID_LEN || !job_id_valid(rest, JOB_ID_LEN))
		return not_found(c, r);
	memcpy(id, rest, JOB_ID_LEN);
	id[JOB_ID_LEN] = '\0';
	if (*tail != '\0' && strcmp(tail, ".json") != 0 && *tail != '/')
		return not_found(c, r);
	v = xmalloc(sizeof *v);
	if (!jobs_get(id, v)) {
		free(v);
		if (strcmp(tail, ".json") == 0) {
			buf_adds(&b, "{\"error\": \"no such job\"}\n");
			return answer(c, r, 404, &b, "application/json");
		}
		return not_found(c, r);
	}
	if (*tail == '/') {
		for (i = 0; i < ARRAY_LEN(downloads); i++)
			if (strcmp(tail + 1, downloads[i].name) == 0)
				break;
		if (i == ARRAY_LEN(downloads) || v->state != JOB_DONE) {
			free(v);
			return not_found(c, r);
		}
		{
			char *path = path_join(v->dir, downloads[i].path);
			ret = send_file(c, r, path, downloads[i].type,
			    downloads[i].how, downloads[i].name,
			    downloads[i].utf8);
			free(path);
		}
		free(v);
		return ret;
	}
	d = job_data_load(v);
	if (*tail == '\0') {
		page_job(&b, id, v, d);
		ret = answer(c, r, 200, &b, "text/html; charset=utf-8");
	} else {
		page_json(&b, v, d);
		ret = answer(c, r, 200, &b, "application/json");
	}
	job_data_free(d);
	free(v);
	return ret;
}

static enum MHD_Result
handle_get(struct MHD_Connection *c, struct req *r, const char *url)
{
	if (strcmp(url, "/") == 0)
		return get_upload_page(c, r);
	if (strcmp(url, "/style.css") == 0 || strcmp(url, "/app.js") == 0)
		return get_asset(c, r, url + 1);
	if (strcmp(url, "/template.xlsx") == 0)
		return get_template(c, r);
	if (strncmp(url, "/jobs/", 6) == 0)
		return get_job(c, r, url + 6);
	return not_found(c, r);
}

/* The host[:port] of an absolute URL, compared with the Host header. */
static bool
same_authority(const char *url, const char *host)
{
	const char *a = strstr(url, "://");
	size_t n;

	if (a == NULL)
		return false;
	a += 3;
	n = strcspn(a, "/?#");
	return n == strlen(host) && strncasecmp(a, host, n) == 0;
}

static bool
same_origin(struct MHD_Connection *c)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Host");
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Origin");
	const char *referer = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Referer");

	if (host == NULL || *host == '\0')
		return false;
	if (origin != NULL && strcmp(origin, "null") != 0)
		return same_authority(origin, host);
	if (referer != NULL)
		return same_authority(referer, host);
	return false;
}

/* The uploaded name as it may be shown: its last path component, valid
 * UTF-8 without control characters, at most 120 bytes. */
static char *
clean_name(const char *name)
{
	const char *p = name, *s;
	struct buf b = {0};

	for (s = name; *s; s++)
		if (*s == '/' || *s == '\\')
			p = s + 1;
	while (*p && b.len < 120) {
		uint32_t cp;
		size_t n = utf8_decode(p, strlen(p), &cp);
		if (n == 0) {
			buf_addc(&b, '?');
			p++;
		} else {
			if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))
				buf_add(&b, p, n);
			p += n;
		}
	}
	return b.s ? buf_take(&b) : xstrdup("");
}

static void
upload_fail(struct upload *u, unsigned status, const char *error)
{
	if (u->status == 0) {
		u->status = status;
		u->error = error;
	}
}

static enum MHD_Result
iterate(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
	struct upload *u = cls;
	struct part *cur = u->nparts ? &u->parts[u->nparts - 1] : NULL;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (u->status != 0)
		return MHD_NO;
	if (filename == NULL) {
		if (off == 0 && ++u->fields > MAX_FIELDS) {
			upload_fail(u, 400, "表单字段太多。");
			return MHD_NO;
		}
		if (key != NULL && strcmp(key, "csrf") == 0) {
			if (u->toklen + size >= sizeof u->token) {
				upload_fail(u, 400, "表单字段不对。");
				return MHD_NO;
			}
			memcpy(u->token + u->toklen, data, size);
			u->toklen += size;
			u->token[u->toklen] = '\0';
		}
		return MHD_YES;
	}
	if (off == 0 && !(u->fd >= 0 && cur != NULL && cur->size == 0 &&
	    strcmp(cur->key, key ? key : "") == 0 && !u->skipping)) {
		char *path;

		if (u->fd >= 0)
			close(u->fd);
		u->fd = -1;
		u->skipping = false;
		if (++u->fields > MAX_FIELDS) {
			upload_fail(u, 400, "表单字段太多。");
			return MHD_NO;
		}
		if (filename[0] == '\0') {
			/* a file input left empty */
			u->skipping = true;
			return MHD_YES;
		}
		if (u->nparts == MAX_PARTS) {
			upload_fail(u, 400, "文件太多：一次最多上传 32 个文件。");
			return MHD_NO;
		}
		cur = &u->parts[u->nparts];
		snprintf(cur->tmp, sizeof cur->tmp, ".part-%zu", u->nparts);
		cur->orig = clean_name(filename);
		cur->key = xstrdup(key ? key : "");
		cur->size = 0;
		u->nparts++;
		path = path_join(u->in, cur->tmp);
		u->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		free(path);
		if (u->fd < 0) {
			upload_fail(u, 500, "服务器无法保存上传的文件。");
			return MHD_NO;
		}
	}
	if (u->skipping || size == 0)
		return MHD_YES;
	while (size > 0) {
		ssize_t n = write(u->fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			upload_fail(u, 500, "服务器无法保存上传的文件（磁盘已满？）。");
			return MHD_NO;
		}
		data += n;
		size -= (size_t)n;
		cur->size += (uint64_t)n;
	}
	return MHD_YES;
}

static void
upload_free(struct upload *u)
{
	size_t i;

	if (u == NULL)
		return;
	if (u->fd >= 0)
		close(u->fd);
	for (i = 0; i < u->nparts; i++) {
		free(u->parts[i].orig);
		free(u->parts[i].key);
	}
	free(u->in);
	free(u);
}

static enum MHD_Result
post_begin(struct MHD_Connection *c, struct req *r, const char *url)
{
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Length");
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	struct upload *u;
	bool full;
	char *dir;

	if (strcmp(url, "/jobs") != 0)
		return not_found(c, r);
	if (!same_origin(c))
		return answer_message(c, r, 403, "拒绝请求",
		    "上传只能从本站的上传页提交（Origin/Referer 与本站不符）。");
	if (len != NULL && strtoull(len, NULL, 10) > serve_cfg.max_upload) {
		struct buf b = {0};
		buf_printf(&b, "一次上传最多 %llu MB。请只上传考核数据文件。",
		    (unsigned long long)(serve_cfg.max_upload >> 20));
		page_message(&b, "上传的文件太大", NULL);
		return answer(c, r, 413, &b, "text/html; charset=utf-8");
	}
	if (type == NULL || strncasecmp(type, "multipart/form-data", 19) != 0)
		return answer_message(c, r, 400, "请求格式不对",
		    "上传须为 multipart/form-data 表单。");
	if (cookie_token(c) == NULL)
		return answer_message(c, r, 403, "页面已过期",
		    "请回到首页重新打开上传页后再上传。");
	u = xcalloc(1, sizeof *u);
	u->fd = -1;
	if (!jobs_create(u->id, &full)) {
		free(u);
		if (full)
			return answer_message(c, r, 503, "排队的任务太多",
			    "服务器正忙，排队的任务已满。请稍候几分钟再上传。");
		return answer_message(c, r, 500, "服务器错误",
		    "无法创建任务目录，请告知系统管理员。");
	}
	dir = xasprintf("%s/jobs/%s", serve_cfg.state, u->id);
	u->in = path_join(dir, "in");
	free(dir);
	r->up = u;
	r->pp = MHD_create_post_processor(c, 64 * 1024, iterate, u);
	if (r->pp == NULL) {
		jobs_discard(u->id);
		upload_free(u);
		r->up = NULL;
		return answer_message(c, r, 400, "请求格式不对",
		    "上传的表单格式不对（multipart 缺少 boundary）。");
	}
	return MHD_YES;
}

static int
part_cmp(const void *a, const void *b)
{
	return strcmp(((const struct part *)a)->orig,
	    ((const struct part *)b)->orig);
}

/* Recognises each part and moves it to its fixed name; false with a
 * message in why. */
static bool
upload_place(struct upload *u, struct buf *why)
{
	char fixed[MAX_PARTS][64];
	struct buf names = {0};
	size_t i, k, n = 0;
	char *path;

	qsort(u->parts, u->nparts, sizeof *u->parts, part_cmp);
	for (i = 0; i < u->nparts; i++) {
		struct part *p = &u->parts[i];
		char *tmp = path_join(u->in, p->tmp);
		const char *err = upload_classify(p->orig, tmp, fixed[i],
		    sizeof fixed[i]);

		if (err == NULL && strcmp(fixed[i], "kaohe.ini") == 0)
			err = upload_check_ini(tmp);
		free(tmp);
		if (err != NULL) {
			buf_adds(why, "<li>");
			html_esc(why, p->orig);
			buf_adds(why, "：");
			buf_adds(why, err);
			buf_adds(why, "</li>");
			n++;
			continue;
		}
		for (k = 0; k < i; k++)
			if (strcmp(fixed[k], fixed[i]) == 0) {
				buf_adds(why, "<li>");
				html_esc(why, u->parts[k].orig);
				buf_adds(why, " 和 ");
				html_esc(why, p->orig);
				buf_adds(why, " 是同一张表（");
				html_esc(why, fixed[i]);
				buf_adds(why, "），请只留一个。</li>");
				n++;
			}
	}
	if (n > 0)
		return false;
	for (i = 0; i < u->nparts; i++) {
		char *from = path_join(u->in, u->parts[i].tmp);
		char *to = path_join(u->in, fixed[i]);
		int rc = rename(from, to);
		free(from);
		free(to);
		if (rc != 0) {
			buf_adds(why, "<li>服务器无法保存上传的文件。</li>");
			return false;
		}
		buf_printf(&names, "%s\t%s\n", fixed[i], u->parts[i].orig);
	}
	path = xasprintf("%s/../names", u->in);
	file_write_atomic(path, names.s ? names.s : "", names.len);
	free(path);
	buf_free(&names);
	return true;
}

/* Compares two tokens of JOB_ID_LEN characters in constant time. */
static bool
same_token(const char *a, const char *b)
{
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < JOB_ID_LEN; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

static enum MHD_Result
post_end(struct MHD_Connection *c, struct req *r)
{
	struct upload *u = r->up;
	const char *cookie = cookie_token(c);
	struct buf why = {0}, b = {0};
	char location[64];
	enum MHD_Result ret;
	bool pp_ok;

	pp_ok = MHD_destroy_post_processor(r->pp) == MHD_YES;
	r->pp = NULL;
	if (u->fd >= 0) {
		close(u->fd);
		u->fd = -1;
	}
	if (r->oversize) {
		buf_printf(&b, "一次上传最多 %llu MB。",
		    (unsigned long long)(serve_cfg.max_upload >> 20));
		jobs_discard(u->id);
		page_message(&b, "上传的文件太大", NULL);
		return answer(c, r, 413, &b, "text/html; charset=utf-8");
	}
	if (u->status == 0 && !pp_ok)
		upload_fail(u, 400, "上传的表单格式不对（multipart 不完整）。");
	if (u->status == 0 && (cookie == NULL || u->toklen != JOB_ID_LEN ||
	    !same_token(cookie, u->token)))
		upload_fail(u, 403, "页面已过期或不是从本站提交的；请回到首页"
		    "重新打开上传页后再上传。");
	if (u->status == 0 && u->nparts == 0)
		upload_fail(u, 400, "没有收到文件：请选择工作簿或数据文件。");
	if (u->status != 0) {
		jobs_discard(u->id);
		return answer_message(c, r, u->status, u->status == 403 ?
		    "拒绝请求" : "上传不成功", u->error);
	}
	if (!upload_place(u, &why)) {
		jobs_discard(u->id);
		page_upload(&b, cookie, why.s);
		buf_free(&why);
		return answer(c, r, 400, &b, "text/html; charset=utf-8");
	}
	if (!jobs_submit(u->id))
		return answer_message(c, r, 503, "排队的任务太多",
		    "服务器正忙，排队的任务已满。请稍候几分钟再上传。");
	snprintf(location, sizeof location, "/jobs/%s", u->id);
	buf_adds(&b, "<!DOCTYPE html><title>已上传</title><a href=\"");
	buf_adds(&b, location);
	buf_adds(&b, "\">查看任务</a>\n");
	{
		size_t len = b.len;
		char *s = buf_take(&b);
		struct MHD_Response *resp = MHD_create_response_from_buffer(len,
		    s, MHD_RESPMEM_MUST_FREE);
		if (resp == NULL) {
			free(s);
			return MHD_NO;
		}
		MHD_add_response_header(resp, "Location", location);
		MHD_add_response_header(resp, "Content-Type",
		    "text/html; charset=utf-8");
		ret = queue(c, r, 303, resp);
	}
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)version;
	if (r == NULL) { /* no URI callback: should not happen */
		r = xcalloc(1, sizeof *r);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		*con_cls = r;
	}
	if (!r->started) {
		r->started = true;
		snprintf(r->method, sizeof r->method, "%s", method);
		if (strcmp(method, "POST") == 0) {
			r->post = true;
			return post_begin(c, r, url);
		}
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
			struct buf b = {0};
			struct MHD_Response *resp;
			page_message(&b, "不支持的请求方法", "只支持 GET、HEAD 和 POST。");
			resp = MHD_create_response_from_buffer(b.len, b.s,
			    MHD_RESPMEM_MUST_FREE);
			if (resp == NULL) {
				buf_free(&b);
				return MHD_NO;
			}
			MHD_add_response_header(resp, "Allow", "GET, HEAD, POST");
			MHD_add_response_header(resp, "Content-Type",
			    "text/html; charset=utf-8");
			return queue(c, r, 405, resp);
		}
		return handle_get(c, r, url);
	}
	if (r->answered) {
		/* answered early (413, 403 ...): the rest of the body is dropped */
		*size = 0;
		return MHD_YES;
	}
	if (!r->post) {
		*size = 0;
		return MHD_YES;
	}
	if (*size != 0) {
		r->body += *size;
		if (r->body > serve_cfg.max_upload) {
			r->oversize = true;
			if (r->body > serve_cfg.max_upload + (16u << 20))
				return MHD_NO; /* a body without end: hang up */
		} else if (r->up->status == 0 &&
		    MHD_post_process(r->pp, data, *size) != MHD_YES) {
			upload_fail(r->up, 400, "上传的表单格式不对（multipart 无法解析）。");
		}
		*size = 0;
		return MHD_YES;
	}
	return post_end(c, r);
}

static void *
uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = xcalloc(1, sizeof *r);
	size_t i;

	(void)cls;
	(void)c;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	/* the path only, printable, without the query */
	for (i = 0; uri[i] && uri[i] != '?' && i + 1 < sizeof r->path; i++)
		r->path[i] = (uri[i] > 0x20 && uri[i] < 0x7f) ? uri[i] : '?';
	r->path[i] = '\0';
	return r;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	struct req *r = *con_cls;
	struct timespec now;
	long ms;

	(void)cls;
	(void)c;
	if (r == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - r->start.tv_sec) * 1000 +
	    (now.tv_nsec - r->start.tv_nsec) / 1000000;
	if (r->status)
		serve_log("kaohe serve: %s %s %u %llu %ldms",
		    r->method[0] ? r->method : "-", r->path, r->status,
		    (unsigned long long)r->body, ms);
	else
		serve_log("kaohe serve: %s %s - %llu %ldms (closed: %d)",
		    r->method[0] ? r->method : "-", r->path,
		    (unsigned long long)r->body, ms, (int)why);
	if (r->pp != NULL)
		MHD_destroy_post_processor(r->pp);
	if (r->up != NULL) {
		if (!r->answered || r->status != 303)
			jobs_discard(r->up->id);
		upload_free(r->up);
	}
	free(r);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct buf b = {0};

	(void)cls;
	buf_vprintf(&b, fmt, ap);
	while (b.len > 0 && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	serve_log("kaohe serve: libmicrohttpd: %s", b.s ? b.s : "");
	buf_free(&b);
}

bool
http_start(const struct sockaddr *sa, bool ipv6, unsigned *port)
{
	const union MHD_DaemonInfo *info;
	char *old = path_join(serve_cfg.state, "template.xlsx");

	unlink(old); /* made again by this version on first use */
	free(old);
	/* A thread per connection (at most 256): a client that goes away is
	 * noticed at once by its thread's read, in any state of the request. */
	daemon_ = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
	    handle, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (daemon_ == NULL) {
		serve_log("kaohe serve: 无法在 %s 上监听（地址已被占用，或没有权限）",
		    serve_cfg.listen);
		return false;
	}
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : 0;
	return true;
}

void
http_stop(void)
{
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
