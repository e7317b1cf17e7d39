/* gen.c: writes a synthetic kaohe data set of N branches for benchmarks.
 *
 *   gen N OUTDIR RUBRIC.csv [--sheets]
 *
 * RUBRIC.csv is the rubric the data set is scored against (normally
 * templates/rubric.csv); it is read only for its item ids and points and is
 * not copied, so kaohe applies its built-in default.  OUTDIR gets kaohe.ini
 * (UTF-8) and branches.csv, scores.csv (long form), vetoes.csv, records.csv
 * and workers.csv, all GB18030 with CRLF, as Excel on a Chinese Windows
 * writes them.  Every (branch, period) is scored by 自评 (1 rater), 互评
 * (5 raters) and 考评 (1 rater); with --sheets by 自评 (1), 互评 (3) and
 * 考评 (2).  The output depends only on N and the rubric: the generator uses
 * its own fixed-seed xorshift PRNG. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

/* ---- PRNG: xorshift64* with a fixed seed ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng_next(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* A uniform integer in [0, n). */
static unsigned
rng_below(unsigned n)
{
	return (unsigned)((rng_next() >> 32) % n);
}

/* ---- UTF-8 to GB18030, once per fixed string ---- */

static iconv_t to_gb;

/* Returns a new NUL-terminated GB18030 copy of the UTF-8 string s. */
static char *
gb(const char *s)
{
	size_t inleft = strlen(s), outleft = inleft * 2 + 4;
	char *out = xmalloc(outleft), *op = out, *ip = (char *)s;

	iconv(to_gb, NULL, NULL, NULL, NULL);
	if (iconv(to_gb, &ip, &inleft, &op, &outleft) == (size_t)-1)
		die("cannot convert \"%s\" to GB18030: %s", s, strerror(errno));
	*op = '\0';
	return out;
}

/* Converts every string of a table in place. */
static void
gb_table(const char **t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = gb(t[i]);
}

/* ---- buffered output ---- */

struct out {
	FILE *f;
	const char *path;
	char buf[1 << 16];
	size_t len;
};

static void
out_open(struct out *o, const char *dir, const char *name)
{
	static char path[4096];
	size_t n = (size_t)snprintf(path, sizeof path, "%s/%s", dir, name);

	if (n >= sizeof path)
		die("path too long");
	o->path = path;
	o->f = fopen(path, "wb");
	if (o->f == NULL)
		die("%s: %s", path, strerror(errno));
	o->len = 0;
}

static void
out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		die("%s: write error", o->path);
	o->len = 0;
}

static void
out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0)
		die("%s: %s", o->path, strerror(errno));
}

static void
put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->len + n > sizeof o->buf) {
		out_flush(o);
		if (n > sizeof o->buf) {
			if (fwrite(s, 1, n, o->f) != n)
				die("%s: write error", o->path);
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
putc_(struct out *o, char c)
{
	if (o->len == sizeof o->buf)
		out_flush(o);
	o->buf[o->len++] = c;
}

static void
put_uint(struct out *o, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		putc_(o, tmp[--n]);
}

/* Writes cents as a number with 0, 1 or 2 decimals: 350 -> 3.5. */
static void
put_cents(struct out *o, unsigned c)
{
	put_uint(o, c / 100);
	if (c % 100 == 0)
		return;
	putc_(o, '.');
	putc_(o, (char)('0' + c / 10 % 10));
	if (c % 10)
		putc_(o, (char)('0' + c % 10));
}

static void
put_date(struct out *o, int y, int m, int d)
{
	char tmp[16];

	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	put(o, tmp);
}

#define EOL(o) put(o, "\r\n")

/* ---- the rubric ---- */

struct item {
	char *id;
	unsigned points; /* cents */
};

static struct item *items;
static size_t nitems;

/* Parses one RFC 4180 field at *p into a new string; moves *p past the
 * delimiter and sets *eol when the record ended. */
static char *
csv_field(const char **p, int *eol)
{
	const char *s = *p;
	size_t cap = 64, n = 0;
	char *f = xmalloc(cap);

	if (*s == '"') {
		s++;
		for (;;) {
			if (*s == '\0')
				break;
			if (*s == '"') {
				if (s[1] == '"')
					s++;
				else {
					s++;
					break;
				}
			}
			if (n + 1 >= cap)
				f = realloc(f, cap *= 2);
			if (f == NULL)
				die("out of memory");
			f[n++] = *s++;
		}
	}
	while (*s && *s != ',' && *s != '\n' && *s != '\r') {
		if (n + 1 >= cap)
			f = realloc(f, cap *= 2);
		if (f == NULL)
			die("out of memory");
		f[n++] = *s++;
	}
	f[n] = '\0';
	*eol = *s != ',';
	if (*s == ',')
		s++;
	else {
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
	}
	*p = s;
	return f;
}

/* Points "4", "4.5", "2.25" as cents. */
static unsigned
parse_points(const char *s, const char *file, size_t line)
{
	unsigned v = 0, frac = 0, nd = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		die("%s:%zu: bad points \"%s\"", file, line, s);
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (unsigned)(*p++ - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && nd < 2; nd++)
			frac = frac * 10 + (unsigned)(*p++ - '0');
	if (*p != '\0' || (s[strlen(s) - 1] == '.'))
		die("%s:%zu: bad points \"%s\"", file, line, s);
	if (nd == 1)
		frac *= 10;
	return v * 100 + frac;
}

static void
rubric_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	const char *p;
	long size;
	size_t line = 0, cap = 0, total = 0;

	if (f == NULL)
		die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		die("%s: cannot read", path);
	text = xmalloc((size_t)size + 1);
	if (fread(text, 1, (size_t)size, f) != (size_t)size)
		die("%s: cannot read", path);
	text[size] = '\0';
	fclose(f);
	p = text;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (*p) {
		char *fld[5] = {0};
		int eol = 0, k = 0;

		line++;
		while (!eol) {
			char *s = csv_field(&p, &eol);

			if (k < 5)
				fld[k++] = s;
			else
				free(s);
		}
		if (line == 1 || k < 4 || fld[0][0] == '\0') {
			for (int i = 0; i < k; i++)
				free(fld[i]);
			continue;
		}
		if (nitems == cap)
			items = realloc(items, (cap = cap ? cap * 2 : 32) * sizeof *items);
		if (items == NULL)
			die("out of memory");
		items[nitems].id = fld[0];
		items[nitems].points = parse_points(fld[3], path, line);
		total += items[nitems].points;
		nitems++;
		for (int i = 1; i < k; i++)
			free(fld[i]);
	}
	free(text);
	if (nitems == 0)
		die("%s: no items", path);
	if (total != 10000)
		fprintf(stderr, "gen: warning: %s: points add up to %zu.%02zu\n",
		    path, total / 100, total % 100);
}

/* ---- word lists (UTF-8 here, GB18030 after main converts them) ---- */

static const char *regions[] = {
	"华东", "华北", "华南", "华中", "西南", "西北", "东北", "北京",
	"天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏",
	"浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
	"广东", "广西", "海南", "四川", "贵州", "云南", "陕西", "甘肃",
};
static const char *units[] = {
	"分公司", "研究院", "设计院", "检修公司", "物流公司", "销售公司",
	"工程公司", "信息中心", "培训中心", "物业公司", "热电厂", "供电公司",
	"水务公司", "建设公司", "装备公司", "材料公司", "化工厂", "机械厂",
	"运输公司", "检测中心", "质检站", "营业部", "服务中心", "实业公司",
	"采购中心",
};
static const char *depts[] = {
	"办公室", "财务部", "人力资源部", "党群工作部", "安全环保部",
	"生产技术部", "市场营销部", "物资供应部", "审计部", "法律事务部",
	"企业管理部", "信息技术部", "质量管理部", "设备管理部", "工程管理部",
	"规划发展部", "第一车间", "第二车间", "第三车间", "第四车间",
	"第五车间", "机修车间", "动力车间", "运行一班", "运行二班",
	"检修一班", "检修二班", "调度中心", "技术中心", "研发一室",
	"研发二室", "离退休", "后勤服务部", "保卫部", "纪检监察部",
	"综合管理部", "项目一部", "项目二部", "仓储中心", "计量中心",
};
static const char *surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳", "司马",
};
static const char *given[] = {
	"建国", "建华", "国强", "志刚", "秀英", "桂英", "海峰", "丽华", "文静",
	"晓梅", "立军", "春燕", "卫东", "德明", "永强", "玉兰", "志远", "淑芬",
	"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明",
	"堃", "𠮷祥", "晓燕", "红梅", "建军", "海燕",
};
static const char *roles[] = {"支部书记", "组织委员", "宣传委员", "纪检委员"};
static const char *deeds[] = {
	"认真落实“三会一课”制度，支部工作台账规范齐全",
	"带领党员突击队完成急难险重任务，发挥先锋模范作用",
	"创新开展主题党日活动，支部凝聚力明显增强",
	"扎实做好发展党员工作，全年培养入党积极分子3名",
	"严格党费收缴管理，全年零差错",
};
static const char *reasons[] = {
	"班子不团结", "未完成工作任务", "党员受党纪政纪处分",
};
static const char *veto_details[] = {
	"支部1名党员违规收受礼金，受到党内警告处分",
	"支委之间长期不和，影响支部工作正常开展",
	"未完成党委下达的年度目标任务",
};
static const char *notes[] = {
	"会议记录不全", "党课无讲稿", "主题党日少开展1次", "党费收缴台账不全",
	"\"三会一课\"记录有补记, 已责令整改", "信息报送迟报1次",
	"党务公开栏未及时更新", "思想动态分析少1次",
};
static const char *rec_types[] = {
	"支部党员大会", "支委会", "党小组会", "党课", "主题党日", "组织生活会",
};
static const char *rec_topics[] = {
	"学习贯彻党的二十大精神", "研究月度党建工作", "学习交流",
	"书记讲党课", "重温入党誓词", "年度组织生活会",
};
/* Fixed words used in the data, in this order. */
static const char *words[] = {
	"支部编号,支部名称,上级党组织,支部书记,党员人数,换届时间",
	"支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明",
	"支部编号,否决事项,说明,日期,文号",
	"支部编号,日期,类型,主题,应到,实到",
	"姓名,支部编号,职务,事迹",
	"党支部", "党委", "第", "半年", "年终", "自评", "互评", "考评",
	"考核组", "考核组甲", "考核组乙", "某党发〔2025〕", "号",
};
enum {
	W_HBRANCH, W_HSCORE, W_HVETO, W_HREC, W_HWORK,
	W_BRANCH, W_COMMITTEE, W_DI, W_HALF, W_YEAR, W_SELF, W_PEER, W_REVIEW,
	W_TEAM, W_TEAM_A, W_TEAM_B, W_DOCNO, W_HAO,
};

/* ---- branches ---- */

struct branch {
	char *name;   /* GB18030 */
	char *parent; /* GB18030 */
	unsigned quality; /* basis points of full marks */
	unsigned members;
};

static char *
cat3(const char *a, const char *b, const char *c, const char *d)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
	char *s = xmalloc(n);

	snprintf(s, n, "%s%s%s%s", a, b, c, d);
	return s;
}

static void
branch_make(struct branch *b, unsigned long i)
{
	size_t nd = NELEM(depts), nu = NELEM(units), nr = NELEM(regions);
	unsigned long k = i / (nd * nu * nr);
	const char *dept = depts[i % nd];
	const char *unit = units[(i / nd) % nu];
	const char *region = regions[(i / (nd * nu)) % nr];
	char ru[256];

	snprintf(ru, sizeof ru, "%s%s", region, unit);
	if (k == 0)
		b->name = cat3(ru, dept, words[W_BRANCH], "");
	else {
		char num[64];

		snprintf(num, sizeof num, "%s%lu%s", words[W_DI], k + 1,
		    words[W_BRANCH]);
		b->name = cat3(ru, dept, num, "");
	}
	b->parent = cat3(ru, words[W_COMMITTEE], "", "");
	b->quality = 8000 + rng_below(1500);
	b->members = 5 + rng_below(56);
}

static void
branch_id(char *buf, size_t n, unsigned long i)
{
	snprintf(buf, n, "B%06lu", i + 1);
}

/* ---- writers ---- */

static void
write_ini(const char *dir, unsigned long n)
{
	struct out o;

	out_open(&o, dir, "kaohe.ini");
	put(&o, "; Benchmark data set written by bench/gen.c\n"
	    "[report]\n"
	    "organization = 某某集团有限公司党委\n"
	    "year = 2025\n"
	    "date = 2026-01-15\n"
	    "doc_number = 某党发〔2026〕1号\n"
	    "\n[weights]\n自评 = 20\n互评 = 30\n考评 = 50\n"
	    "\n[periods]\n半年 = 30\n年终 = 70\n"
	    "\n[rating]\nadvanced_quota = 30\n");
	(void)n;
	out_close(&o);
}

static void
write_branches(const char *dir, struct branch *br, unsigned long n)
{
	struct out o;
	char id[32];
	unsigned long i;

	out_open(&o, dir, "branches.csv");
	put(&o, words[W_HBRANCH]);
	EOL(&o);
	for (i = 0; i < n; i++) {
		branch_id(id, sizeof id, i);
		put(&o, id);
		putc_(&o, ',');
		put(&o, br[i].name);
		putc_(&o, ',');
		put(&o, br[i].parent);
		putc_(&o, ',');
		put(&o, surnames[rng_below(NELEM(surnames))]);
		put(&o, given[rng_below(NELEM(given))]);
		putc_(&o, ',');
		put_uint(&o, br[i].members);
		putc_(&o, ',');
		put_date(&o, 2020 + (int)rng_below(6), 1 + (int)rng_below(12),
		    1 + (int)rng_below(28));
		EOL(&o);
	}
	out_close(&o);
}

/* One score in cents for an item of `points` cents by a rater whose
 * expectation is `q` basis points of full marks. */
static unsigned
score_for(unsigned points, int q)
{
	int v = q + (int)rng_below(801) - 400;
	unsigned step, c;

	if (v > 10000)
		v = 10000;
	if (v < 0)
		v = 0;
	c = (unsigned)((uint64_t)points * (unsigned)v / 10000);
	switch (rng_below(10)) {
	case 0:
		step = 1;
		break;
	case 1:
	case 2:
		step = 10;
		break;
	default:
		step = 50;
	}
	c = (c + step / 2) / step * step;
	return c > points ? points : c;
}

static void
write_scores(const char *dir, struct branch *br, unsigned long n, int sheets)
{
	struct out o;
	char id[32];
	const char *period[2] = {words[W_HALF], words[W_YEAR]};
	const char *rater[8];
	char peer_names[5][32];
	int source[8], bias[3] = {150, 50, 0};
	unsigned long i, step = n > 6 ? (n - 1) / 6 : 1;
	int npeer = sheets ? 3 : 5, nrev = sheets ? 2 : 1, nr, p, r;
	size_t it;

	for (r = 0; r < 5; r++) /* raters' names where there are too few branches */
		snprintf(peer_names[r], sizeof peer_names[r], "%s%d", words[W_PEER], r + 1);
	out_open(&o, dir, "scores.csv");
	put(&o, words[W_HSCORE]);
	EOL(&o);
	for (i = 0; i < n; i++) {
		branch_id(id, sizeof id, i);
		nr = 0;
		source[nr] = 0;
		rater[nr++] = br[i].name;
		for (r = 0; r < npeer; r++) {
			source[nr] = 1;
			rater[nr++] = n > 6 ? br[(i + 1 + (unsigned long)r * step) % n].name
			                    : peer_names[r];
		}
		for (r = 0; r < nrev; r++) {
			source[nr] = 2;
			rater[nr++] = nrev == 1 ? words[W_TEAM]
			            : r == 0 ? words[W_TEAM_A] : words[W_TEAM_B];
		}
		for (p = 0; p < 2; p++)
			for (r = 0; r < nr; r++) {
				const char *src = source[r] == 0 ? words[W_SELF]
				                : source[r] == 1 ? words[W_PEER]
				                : words[W_REVIEW];
				int q = (int)br[i].quality + bias[source[r]] - (p == 0 ? 100 : 0);

				for (it = 0; it < nitems; it++) {
					unsigned pts = items[it].points;
					unsigned c = score_for(pts, q);

					put(&o, id);
					putc_(&o, ',');
					put(&o, period[p]);
					putc_(&o, ',');
					put(&o, src);
					putc_(&o, ',');
					put(&o, rater[r]);
					putc_(&o, ',');
					put(&o, items[it].id);
					putc_(&o, ',');
					if (c < pts && source[r] == 2 && rng_below(3) == 0) {
						/* the review team writes a deduction with its reason */
						const char *note = notes[rng_below(NELEM(notes))];

						putc_(&o, ',');
						put_cents(&o, pts - c);
						putc_(&o, ',');
						put(&o, note);
					} else {
						put_cents(&o, c);
						put(&o, ",,");
					}
					EOL(&o);
				}
			}
	}
	out_close(&o);
}

static void
write_vetoes(const char *dir, unsigned long n)
{
	struct out o;
	char id[32];
	unsigned long i;
	unsigned doc = 1;

	out_open(&o, dir, "vetoes.csv");
	put(&o, words[W_HVETO]);
	EOL(&o);
	for (i = 0; i < n; i++) {
		unsigned k, nk, first;

		if (rng_below(100) != 0)
			continue;
		branch_id(id, sizeof id, i);
		nk = rng_below(5) == 0 ? 2 : 1;
		first = rng_below(NELEM(reasons));
		for (k = 0; k < nk; k++) {
			unsigned rs = (first + k) % NELEM(reasons);

			put(&o, id);
			putc_(&o, ',');
			put(&o, reasons[rs]);
			putc_(&o, ',');
			put(&o, veto_details[rs]);
			putc_(&o, ',');
			put_date(&o, 2025, 1 + (int)rng_below(12), 1 + (int)rng_below(28));
			putc_(&o, ',');
			put(&o, words[W_DOCNO]);
			put_uint(&o, doc++);
			put(&o, words[W_HAO]);
			EOL(&o);
		}
	}
	out_close(&o);
}

static void
write_records(const char *dir, struct branch *br, unsigned long n)
{
	struct out o;
	char id[32];
	unsigned long i;

	out_open(&o, dir, "records.csv");
	put(&o, words[W_HREC]);
	EOL(&o);
	for (i = 0; i < n; i++) {
		unsigned k, nrec = 3 + rng_below(6);
		unsigned members = br[i].members;

		branch_id(id, sizeof id, i);
		for (k = 0; k < nrec; k++) {
			unsigned t = rng_below(NELEM(rec_types));

			put(&o, id);
			putc_(&o, ',');
			put_date(&o, 2025, 1 + (int)(k * 12 / nrec), 1 + (int)rng_below(28));
			putc_(&o, ',');
			put(&o, rec_types[t]);
			putc_(&o, ',');
			put(&o, rec_topics[t]);
			putc_(&o, ',');
			put_uint(&o, members);
			putc_(&o, ',');
			put_uint(&o, members - rng_below(4));
			EOL(&o);
		}
	}
	out_close(&o);
}

static void
write_workers(const char *dir, unsigned long n)
{
	struct out o;
	char id[32];
	unsigned long i;

	out_open(&o, dir, "workers.csv");
	put(&o, words[W_HWORK]);
	EOL(&o);
	for (i = 7 % (n ? n : 1); i < n; i += 20) {
		branch_id(id, sizeof id, i);
		put(&o, surnames[rng_below(NELEM(surnames))]);
		put(&o, given[rng_below(NELEM(given))]);
		putc_(&o, ',');
		put(&o, id);
		putc_(&o, ',');
		put(&o, roles[rng_below(NELEM(roles))]);
		putc_(&o, ',');
		put(&o, deeds[rng_below(NELEM(deeds))]);
		EOL(&o);
	}
	out_close(&o);
}

int
main(int argc, char **argv)
{
	unsigned long n, i;
	char *end;
	int sheets = 0;
	struct branch *br;
	size_t k;

	if (argc == 5 && strcmp(argv[4], "--sheets") == 0)
		sheets = 1;
	else if (argc != 4) {
		fputs("usage: gen N OUTDIR RUBRIC.csv [--sheets]\n", stderr);
		return 2;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || *end || n == 0 || n > 9999999) {
		fputs("gen: N must be a number from 1 to 9999999\n", stderr);
		return 2;
	}
	if (mkdir(argv[2], 0777) != 0 && errno != EEXIST)
		die("%s: %s", argv[2], strerror(errno));
	to_gb = iconv_open("GB18030", "UTF-8");
	if (to_gb == (iconv_t)-1)
		die("iconv cannot convert UTF-8 to GB18030");
	rubric_read(argv[3]);
	/* quote the note that holds a comma and quotes, then convert */
	for (k = 0; k < NELEM(notes); k++)
		if (strpbrk(notes[k], ",\"")) {
			size_t len = strlen(notes[k]), j, m = 0;
			char *q = xmalloc(len * 2 + 3);

			q[m++] = '"';
			for (j = 0; j < len; j++) {
				if (notes[k][j] == '"')
					q[m++] = '"';
				q[m++] = notes[k][j];
			}
			q[m++] = '"';
			q[m] = '\0';
			notes[k] = q;
		}
	gb_table(regions, NELEM(regions));
	gb_table(units, NELEM(units));
	gb_table(depts, NELEM(depts));
	gb_table(surnames, NELEM(surnames));
	gb_table(given, NELEM(given));
	gb_table(roles, NELEM(roles));
	gb_table(deeds, NELEM(deeds));
	gb_table(reasons, NELEM(reasons));
	gb_table(veto_details, NELEM(veto_details));
	gb_table(notes, NELEM(notes));
	gb_table(rec_types, NELEM(rec_types));
	gb_table(rec_topics, NELEM(rec_topics));
	gb_table(words, NELEM(words));

	br = xmalloc(n * sizeof *br);
	for (i = 0; i < n; i++)
		branch_make(&br[i], i);
	write_ini(argv[2], n);
	write_branches(argv[2], br, n);
	write_scores(argv[2], br, n, sheets);
	write_vetoes(argv[2], n);
	write_records(argv[2], br, n);
	write_workers(argv[2], n);
	for (i = 0; i < n; i++) {
		free(br[i].name);
		free(br[i].parent);
	}
	free(br);
	iconv_close(to_gb);
	return 0;
}
