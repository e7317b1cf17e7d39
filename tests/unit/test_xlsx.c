/* test_xlsx.c: unit tests of the .xlsx reader's pieces (SPEC section 8):
 * numbers as Excel's General format shows them (a table of known values and
 * a sweep of many doubles against their 15-digit rounding), date serials in
 * both date systems, which number formats are dates, column letters, and a
 * workbook built in memory read back cell by cell (date-times too), and the
 * reader's refusals printed as the coded texts of diag.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "diag.h"
#include "ingest/xlsx.h"
#include "util.h"

static void
test_general_table(void **state)
{
	static const struct {
		double v;
		const char *want;
	} t[] = {
		{94.99999999999999, "95"}, {0.1 + 0.2, "0.3"}, {9.25, "9.25"},
		{95, "95"}, {95.5, "95.5"}, {0, "0"}, {-0.0, "0"}, {1, "1"},
		{-1, "-1"}, {0.5, "0.5"}, {-0.5, "-0.5"}, {100, "100"},
		{1.0 / 3, "0.333333333333333"}, {2.0 / 3, "0.666666666666667"},
		{24.999999999999996, "25"}, {19.999999999999996, "20"},
		{0.1 + 0.7, "0.8"}, {1.1 * 1.1, "1.21"}, {4.35 * 100, "435"},
		{123456789012345.0, "123456789012345"},
		{999999999999999.0, "999999999999999"},
		{1e15, "1E+15"}, {1e20, "1E+20"}, {1.5e20, "1.5E+20"},
		{123456789012345678.0, "1.23456789012346E+17"},
		{0.000001, "0.000001"}, {1e-9, "0.000000001"}, {1.5e-10, "1.5E-10"},
		{1e-300, "1E-300"}, {1.7976931348623157e308, "1.79769313486232E+308"},
		{45723, "45723"}, {45723.5, "45723.5"}, {12.345, "12.345"},
		{0.30000000000000004, "0.3"}, {2.675, "2.675"}, {1.005, "1.005"},
		{99.99999999999999, "100"}, {99.9999999999999, "99.9999999999999"},
		{5e-324, "4.94065645841247E-324"}, {0.1, "0.1"}, {7.0, "7"},
		{33.33, "33.33"}, {66.67, "66.67"}, {-1234.5678, "-1234.5678"},
	};
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(t); i++) {
		xlsx_general(t[i].v, out);
		if (strcmp(out, t[i].want) != 0)
			fail_msg("%.17g: got %s, want %s", t[i].v, out, t[i].want);
	}
	assert_string_equal(xlsx_general((double)NAN, out), "#NUM!");
	assert_string_equal(xlsx_general((double)INFINITY, out), "#NUM!");
}

/* Any double: the text reads back as the double rounded to 15 significant
 * digits, has no trailing zeros, no more than 15 digits, and is positional
 * from 1E-9 up to 1E+15. */
static void
check_one(double v)
{
	char out[32], ref[40], *e;
	double back, want;
	int digits = 0;
	const char *p;

	xlsx_general(v, out);
	snprintf(ref, sizeof ref, "%.14e", v);
	want = strtod(ref, NULL);
	back = strtod(out, &e);
	if (*e != '\0' || back != want)
		fail_msg("%.17g: got %s (reads %.17g), want %.17g", v, out, back, want);
	for (p = out; *p && *p != 'E'; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
	if (strchr(out, '.') && !strchr(out, 'E') && out[strlen(out) - 1] == '0')
		fail_msg("%.17g: trailing zero in %s", v, out);
	if (fabs(want) >= 1e-9 && fabs(want) < 1e15 && strchr(out, 'E'))
		fail_msg("%.17g: %s should be positional", v, out);
	/* leading zeros of 0.000123 are no significant digits */
	if (strchr(out, 'E') && digits > 15)
		fail_msg("%.17g: %s has %d digits", v, out, digits);
}

static void
test_general_sweep(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	int i, k;

	(void)state;
	for (i = 0; i < 200000; i++) {
		double v;

		x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
		/* random bit patterns (all exponents) */
		{
			uint64_t bits = x * 0x2545F4914F6CDD1DULL;
			memcpy(&v, &bits, sizeof v);
			if (isfinite(v))
				check_one(v);
		}
		/* values typed into score sheets: n/100, sums of them */
		v = (double)(x % 10001) / 100;
		check_one(v);
		check_one(v + 0.1 + 0.2);
		check_one(v * 3 / 3);
	}
	/* every cent from 0 to 100 as k × 0.01 and as the sum of its euros
	 * and cents (values a formula gives with a rounding error) */
	{
		char out[32], want[32];

		for (k = 0; k <= 10000; k++) {
			snprintf(want, sizeof want, "%d.%02d", k / 100, k % 100);
			{	/* strip the zeros General does not show */
				char *e = want + strlen(want);
				while (e[-1] == '0')
					*--e = '\0';
				if (e[-1] == '.')
					e[-1] = '\0';
			}
			xlsx_general(k * 0.01, out);
			if (strcmp(out, want) != 0)
				fail_msg("%d × 0.01: got %s, want %s", k, out, want);
			xlsx_general((double)(k / 100) + (k % 100) * 0.01, out);
			if (strcmp(out, want) != 0)
				fail_msg("%d + 0.%02d: got %s, want %s", k / 100,
				    k % 100, out, want);
		}
	}
}

/* A stored value gives the text of its double, whether it takes the
 * plain-decimal path or strtod. */
static void
test_number_text(void **state)
{
	static const struct {
		const char *v, *want;
	} t[] = {
		{"94.99999999999999", "95"}, {"0.30000000000000004", "0.3"},
		{"9.25", "9.25"}, {"12.50", "12.5"}, {"-0", "0"}, {"0", "0"},
		{"007", "7"}, {"100", "100"}, {"1E+20", "1E+20"},
		{"1.0000000000000001E-3", "0.001"}, {"0.0000000001", "1E-10"},
		{"0.000000001", "0.000000001"}, {"123456789012345", "123456789012345"},
		{"1234567890123456", "1.23456789012346E+15"}, {"-5.50", "-5.5"},
		{"4.5000000000000001", "4.5"}, {"0.1", "0.1"},
	};
	static const char *const not_numbers[] = {"", "-", ".", "abc", "1e999",
	    "inf", "NaN", "1,5", "12a", "--1"};
	char out[32], ref[32], s[40];
	uint64_t x = 12345;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < ARRAY_LEN(t); i++) {
		assert_true(xlsx_number_text(t[i].v, out));
		if (strcmp(out, t[i].want) != 0)
			fail_msg("%s: got %s, want %s", t[i].v, out, t[i].want);
	}
	for (i = 0; i < ARRAY_LEN(not_numbers); i++)
		if (xlsx_number_text(not_numbers[i], out))
			fail_msg("%s taken as %s", not_numbers[i], out);
	/* random decimals of 1 to 18 digits, point anywhere */
	for (k = 0; k < 200000; k++) {
		int nd, point, j;
		char *o = s;

		x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
		nd = 1 + (int)(x % 18);
		point = (int)((x >> 8) % (uint64_t)(nd + 1));
		if ((x >> 16) & 1)
			*o++ = '-';
		for (j = 0; j < nd; j++) {
			if (j == point && j > 0)
				*o++ = '.';
			*o++ = (char)('0' + (x >> (20 + j * 2)) % 10);
		}
		*o = '\0';
		assert_true(xlsx_number_text(s, out));
		xlsx_general(strtod(s, NULL), ref);
		if (strcmp(out, ref) != 0)
			fail_msg("%s: got %s, want %s", s, out, ref);
	}
}

static void
test_dates(void **state)
{
	static const struct {
		double serial;
		bool d1904, time, sec;
		const char *want;
	} t[] = {
		{1, false, false, false, "1900-01-01"},
		{0, false, false, false, "1900-01-00"},
		{59, false, false, false, "1900-02-28"},
		{60, false, false, false, "1900-02-29"},
		{61, false, false, false, "1900-03-01"},
		{367, false, false, false, "1901-01-01"},
		{45723, false, false, false, "2025-03-07"},
		{45723.99, false, false, false, "2025-03-07"},
		{45723.5, false, true, false, "2025-03-07 12:00"},
		{45723.75, false, true, true, "2025-03-07 18:00:00"},
		{45723.999999999, false, true, true, "2025-03-08 00:00:00"},
		{2958465, false, false, false, "9999-12-31"},
		{0, true, false, false, "1904-01-01"},
		{1, true, false, false, "1904-01-02"},
		{44261, true, false, false, "2025-03-07"},
		{2957003, true, false, false, "9999-12-31"},
	};
	char out[40];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(t); i++) {
		assert_true(xlsx_date_text(t[i].serial, t[i].d1904, t[i].time,
		    t[i].sec, out));
		if (strcmp(out, t[i].want) != 0)
			fail_msg("%g (%s): got %s, want %s", t[i].serial,
			    t[i].d1904 ? "1904" : "1900", out, t[i].want);
	}
	assert_false(xlsx_date_text(-1, false, false, false, out));
	assert_false(xlsx_date_text(2958466, false, false, false, out));
	assert_false(xlsx_date_text(2957004, true, false, false, out));
	assert_false(xlsx_date_text((double)NAN, false, false, false, out));
}

static void
test_format_kind(void **state)
{
	(void)state;
	assert_int_equal(xlsx_format_kind("General"), 0);
	assert_int_equal(xlsx_format_kind("0.00"), 0);
	assert_int_equal(xlsx_format_kind("0.00E+00"), 0);
	assert_int_equal(xlsx_format_kind("#,##0.00_ ;[Red]\\-#,##0.00\\ "), 0);
	assert_int_equal(xlsx_format_kind("@"), 0);
	assert_int_equal(xlsx_format_kind("\"年\"0"), 0);
	assert_int_equal(xlsx_format_kind("yyyy/m/d"), 1);
	assert_int_equal(xlsx_format_kind("yyyy\"年\"m\"月\"d\"日\";@"), 1);
	assert_int_equal(xlsx_format_kind("[$-804]yyyy\"年\"m\"月\"d\"日\" dddd"), 1);
	assert_int_equal(xlsx_format_kind("[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\""), 1);
	assert_int_equal(xlsx_format_kind("mmm-yy"), 1);
	assert_int_equal(xlsx_format_kind("mmmm"), 1);
	assert_int_equal(xlsx_format_kind("yyyy/m/d h:mm"), 3);
	assert_int_equal(xlsx_format_kind("h:mm"), 2);
	assert_int_equal(xlsx_format_kind("h:mm:ss AM/PM"), 6);
	assert_int_equal(xlsx_format_kind("[h]:mm:ss"), 6);
	assert_int_equal(xlsx_format_kind("mm:ss"), 6);
	assert_int_equal(xlsx_format_kind("0.00;\"d\""), 0);
}

static void
test_col_name(void **state)
{
	char out[8];

	(void)state;
	assert_string_equal(xlsx_col_name(1, out), "A");
	assert_string_equal(xlsx_col_name(26, out), "Z");
	assert_string_equal(xlsx_col_name(27, out), "AA");
	assert_string_equal(xlsx_col_name(702, out), "ZZ");
	assert_string_equal(xlsx_col_name(703, out), "AAA");
	assert_string_equal(xlsx_col_name(16384, out), "XFD");
}

/* --- a workbook in memory --- */

struct zbuf {
	void *data;
	size_t len;
};

static void
add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);

	assert_non_null(s);
	assert_true(zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
}

/* Builds a workbook of one sheet (sheet XML given) into memory. */
static struct zbuf
make_book(const char *sheet, const char *sst, bool d1904)
{
	struct zbuf b = {0};
	zip_error_t err;
	zip_source_t *src;
	zip_t *z;
	char wb[512];

	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	assert_non_null(src);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	assert_non_null(z);
	add(z, "_rels/.rels", "<Relationships><Relationship Id=\"rId1\" "
	    "Type=\"http://x/officeDocument\" Target=\"xl/workbook.xml\"/>"
	    "</Relationships>");
	snprintf(wb, sizeof wb, "<x:workbook xmlns:x=\"s\" xmlns:r=\"r\">"
	    "<x:workbookPr date1904=\"%s\"/><x:sheets><x:sheet name=\"表 1\" "
	    "sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/></x:sheets>"
	    "</x:workbook>", d1904 ? "true" : "0");
	add(z, "xl/workbook.xml", wb);
	add(z, "xl/_rels/workbook.xml.rels", "<Relationships>"
	    "<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" "
	    "Target=\"/xl/worksheets/../worksheets/s1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"http://x/sharedStrings\" "
	    "Target=\"sst.xml\"/><Relationship Id=\"rId3\" "
	    "Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>");
	add(z, "xl/worksheets/s1.xml", sheet);
	add(z, "xl/sst.xml", sst);
	add(z, "xl/styles.xml", "<styleSheet><numFmts><numFmt numFmtId=\"200\" "
	    "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/><numFmt "
	    "numFmtId=\"201\" formatCode=\"yyyy\\-mm\\-dd h:mm:ss\"/></numFmts>"
	    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>"
	    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"200\"/>"
	    "<xf numFmtId=\"22\"/><xf numFmtId=\"201\"/>"
	    "</cellXfs><dxfs><dxf><numFmt numFmtId=\"200\" formatCode=\"0\"/>"
	    "</dxf></dxfs></styleSheet>");
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
	b.len = (size_t)zip_source_tell(src);
	assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
	b.data = xmalloc(b.len);
	assert_int_equal(zip_source_read(src, b.data, b.len), (zip_int64_t)b.len);
	zip_source_close(src);
	zip_source_free(src);
	return b;
}

static void
dump_row(void *ctx, unsigned row, size_t n, char **cells,
    const unsigned char *kinds)
{
	struct buf *out = ctx;
	size_t i;

	buf_printf(out, "%u:", row);
	for (i = 0; i < n; i++)
		buf_printf(out, "%s[%s|%d]", i ? " " : "", cells[i], kinds[i]);
	buf_addc(out, '\n');
}

static void
test_read_memory(void **state)
{
	const char *sst = "<sst><si><t>  前 _x005F_x_x000A_后 </t></si>"
	    "<si><r><t>富</t></r><r><rPr/><t>文本</t></r><rPh sb=\"0\" eb=\"1\">"
	    "<t>ふ</t></rPh></si><si><t/></si></sst>";
	const char *sheet = "<worksheet><dimension ref=\"A1:Z99\"/><sheetData>"
	    "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
	    "<c r=\"E2\" s=\"1\"><v>45723</v></c><c s=\"2\"><v>45723</v></c></row>"
	    "<row><c t=\"inlineStr\"><is><r><t>行</t></r><r><t>内</t></r></is></c>"
	    "<c t=\"b\"><v>0</v></c><c t=\"e\"><v>#VALUE!</v></c>"
	    "<c><f>1+1</f></c><c><f>1+1</f><v></v></c><c t=\"str\"><f>A1</f><v></v></c>"
	    "<c t=\"d\"><v>2025-03-07T00:00:00</v></c><c><v>1e999</v></c></row>"
	    "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>2</v></c><c r=\"C5\" s=\"1\"/>"
	    "<c r=\"D5\" t=\"inlineStr\"><is><t>\u3000 </t></is></c></row>"
	    "<row r=\"7\" spans=\"1:3\"><c r=\"XFD7\"><v>0.1</v></c></row>"
	    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/>"
	    "</mergeCells></worksheet>";
	struct zbuf b = make_book(sheet, sst, false);
	struct buf out = {0};
	struct xlsx *x;
	char want[256];

	(void)state;
	diag_capture(true);
	x = xlsx_open_mem(b.data, b.len, "mem.xlsx");
	assert_non_null(x);
	assert_int_equal(xlsx_sheet_count(x), 1);
	assert_string_equal(xlsx_sheet_name(x, 0), "表 1");
	assert_true(xlsx_sheet_hidden(x, 0));
	assert_false(xlsx_date1904(x));
	assert_true(xlsx_read_sheet(x, 0, "mem.xlsx:表 1", dump_row, &out));
	/* row 5 holds only empty text: not delivered; row 7: XFD */
	assert_non_null(strstr(out.s, "7:"));
	out.s[strstr(out.s, "7:") - out.s] = '\0';
	snprintf(want, sizeof want, "2:[|0] [前 _x\n后|0] [富文本|0] [|0] "
	    "[2025-03-07|2] [2025-03-07|2]\n"
	    "3:[行内|0] [FALSE|3] [#VALUE!|4] [|5] [|5] [|0] "
	    "[2025-03-07|2] [1e999|4]\n");
	assert_string_equal(out.s, want);
	xlsx_close(x);
	buf_free(&out);
	free(b.data);

	/* the 1904 system */
	b = make_book("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\">"
	    "<v>0</v></c></row></sheetData></worksheet>", "<sst/>", true);
	x = xlsx_open_mem(b.data, b.len, "mem.xlsx");
	assert_non_null(x);
	assert_true(xlsx_date1904(x));
	assert_true(xlsx_read_sheet(x, 0, "s", dump_row, &out));
	assert_string_equal(out.s, "1:[1904-01-01|2]\n");
	xlsx_close(x);
	buf_free(&out);
	free(b.data);
	diag_reset();
}

/* Date-time cells (style 3: built-in 22 m/d/yyyy h:mm; style 4: openpyxl's
 * yyyy-mm-dd h:mm:ss): at midnight the date alone, else date and time. */
static void
test_date_time(void **state)
{
	struct zbuf b = make_book("<worksheet><sheetData><row r=\"1\">"
	    "<c r=\"A1\" s=\"3\"><v>45723</v></c>"
	    "<c r=\"B1\" s=\"4\"><v>45723</v></c>"
	    "<c r=\"C1\" s=\"4\"><v>45723.000001</v></c>"
	    "<c r=\"D1\" s=\"4\"><v>45723.4375</v></c>"
	    "<c r=\"E1\" s=\"3\"><v>45723.5</v></c>"
	    "<c r=\"F1\" s=\"4\"><v>45723.99999999</v></c>"
	    "</row></sheetData></worksheet>", "<sst/>", false);
	struct buf out = {0};
	struct xlsx *x;

	(void)state;
	x = xlsx_open_mem(b.data, b.len, "mem.xlsx");
	assert_non_null(x);
	assert_true(xlsx_read_sheet(x, 0, "s", dump_row, &out));
	assert_string_equal(out.s, "1:[2025-03-07|2] [2025-03-07|2] "
	    "[2025-03-07|2] [2025-03-07 10:30:00|2] [2025-03-07 12:00|2] "
	    "[2025-03-08|2]\n");
	xlsx_close(x);
	buf_free(&out);
	free(b.data);
}

/* The reader's refusals are coded messages: the text printed is the
 * code's text of diag.c's table. */
static void
check_refusal(const void *data, size_t len, enum diag_code code)
{
	char want[512];

	diag_reset();
	diag_capture(true);
	assert_null(xlsx_open_mem(data, len, "m.xlsx"));
	diag_flush();
	snprintf(want, sizeof want, "kaohe: m.xlsx: error: %s\n",
	    diag_text(code));
	assert_string_equal(diag_captured(), want);
	diag_reset();
}

static void
test_messages(void **state)
{
	static const unsigned char cfb[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1,
	    0xB1, 0x1A, 0xE1};
	struct zbuf b = make_book("<worksheet><sheetData><row r=\"2\"/>"
	    "<row r=\"1\"/></sheetData></worksheet>", "<sst/>", false);
	struct buf out = {0};
	char want[512];
	struct xlsx *x;

	(void)state;
	check_refusal("", 0, D_XLSX_EMPTY);
	check_refusal("a,b\n1,2\n", 8, D_XLSX_NOT_ZIP);
	check_refusal(cfb, sizeof cfb, D_XLSX_CFB);
	diag_capture(true);
	x = xlsx_open_mem(b.data, b.len, "m.xlsx");
	assert_non_null(x);
	assert_false(xlsx_read_sheet(x, 0, "m.xlsx:s", dump_row, &out));
	diag_flush();
	snprintf(want, sizeof want, "kaohe: m.xlsx:s:3:1: error: %s\n",
	    diag_text(D_XLSX_ROW_ORDER));
	assert_string_equal(diag_captured(), want);
	assert_non_null(strstr(want, "行号不是递增的"));
	xlsx_close(x);
	buf_free(&out);
	free(b.data);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_general_table),
		cmocka_unit_test(test_general_sweep),
		cmocka_unit_test(test_number_text),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_format_kind),
		cmocka_unit_test(test_col_name),
		cmocka_unit_test(test_read_memory),
		cmocka_unit_test(test_date_time),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
