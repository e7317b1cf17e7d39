#!/usr/bin/env python3
"""test_serve.py URL TOP SHOTS [WORKBOOK BADWORKBOOK INI]: kaohe serve in a
real browser (headless Chromium driven by Selenium), as a clerk uses it:
open the upload page, choose the demo workbook (with kaohe.ini; the demo's
CSV files when no workbook is given) in the file input, submit, wait for
the ranking, check its first row, the tie marks and a vetoed row, follow the
report link; then a bad workbook (or bad CSV data set) and its marked cell;
then the CSV files with JavaScript switched off.  Saves SHOTS/serve-upload.png and
SHOTS/serve-job.png (and serve-errors.png).  Exits 1 on the first failure."""
import glob
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

url, top, shots = sys.argv[1], sys.argv[2], sys.argv[3]
workbook = sys.argv[4:7] if len(sys.argv) >= 7 else None
demo = os.path.join(top, "samples", "demo")
bad = os.path.join(top, "tests", "bad", "multiple-errors")


def browser(profile, javascript=True):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1366,768",
                 "--lang=zh-CN", "--user-data-dir=" + profile):
        o.add_argument(flag)
    if not javascript:
        o.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(60)
    return d


def check(cond, what):
    if not cond:
        print("test_serve: FAIL:", what)
        sys.exit(1)


def upload(d, files):
    d.get(url + "/")
    check(d.find_element(By.TAG_NAME, "h1").text == "上传考核数据", "upload page title")
    d.find_element(By.ID, "files").send_keys("\n".join(files))


def submit_and_wait(d, selector):
    d.find_element(By.CSS_SELECTOR, "form#upload button[type=submit]").click()
    # the job page reloads itself until the job ends: a look-up that meets a
    # reload is tried again, not a failure
    WebDriverWait(d, 90, ignored_exceptions=(WebDriverException,)).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def full_page_shot(d, path):
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1366, max(768, min(h + 140, 2400)))
    d.save_screenshot(path)
    d.set_window_size(1366, 768)


def ranking_checks(d):
    rows = d.find_elements(By.CSS_SELECTOR, "table.ranking tbody tr")
    check(len(rows) == 12, "12 ranking rows, got %d" % len(rows))
    first = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
    check(first[:3] == ["1", "JG04", "党群工作部党支部"] and first[-3:-1] == ["97.35", "先进党支部"],
          "first row: %r" % first)
    ties = sorted(r.find_elements(By.TAG_NAME, "td")[1].text for r in rows
                  if r.find_elements(By.CSS_SELECTOR, "span.tie"))
    check(ties == ["JG02", "JG05", "JY02", "SC03"], "tie marks on %r" % ties)
    check(rows[2].find_element(By.CSS_SELECTOR, "td.rank").text == "=3", "JG02 shows =3")
    vetoed = [r for r in rows if "veto" in r.get_attribute("class")]
    check([r.find_elements(By.TAG_NAME, "td")[1].text for r in vetoed] == ["JG03", "SC04"], "vetoed rows")
    check("一票否决：党员受党纪政纪处分" in vetoed[0].text, "JG03's veto reason: %r" % vetoed[0].text)
    colour = vetoed[0].value_of_css_property("background-color")
    check(colour not in ("rgba(0, 0, 0, 0)", "rgba(255, 255, 255, 1)"), "vetoed row not marked: " + colour)


profile = tempfile.mkdtemp(prefix="kaohe-chromium-")
try:
    d = browser(os.path.join(profile, "js"))
    files = sorted(glob.glob(os.path.join(demo, "*.csv"))) + [os.path.join(demo, "kaohe.ini")]
    first = [workbook[0], workbook[2]] if workbook else files
    upload(d, first)
    chosen = d.find_elements(By.CSS_SELECTOR, "#chosen li")
    check(len(chosen) == len(first), "the chosen files are listed (%d)" % len(chosen))
    d.save_screenshot(os.path.join(shots, "serve-upload.png"))
    submit_and_wait(d, "table.ranking")
    check("/jobs/" in d.current_url, "the job page's address: " + d.current_url)
    ranking_checks(d)
    full_page_shot(d, os.path.join(shots, "serve-job.png"))
    link = d.find_element(By.PARTIAL_LINK_TEXT, "考核情况报告")
    href = link.get_attribute("href")
    check(href.endswith("/report.pdf"), "report link " + href)
    got = d.execute_async_script("""
        var done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(function (r) {
            return r.arrayBuffer().then(function (b) {
                var head = String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 5)));
                done([r.status, r.headers.get("content-type"), head, b.byteLength]);
            });
        }).catch(function (e) { done(["error", String(e)]); });""", href)
    check(got[:3] == [200, "application/pdf", "%PDF-"] and got[3] > 10000, "report.pdf via the link: %r" % got[:4])
    link.click()
    WebDriverWait(d, 30).until(lambda dr: dr.current_url.endswith("/report.pdf"))

    # A bad data set: the diagnostics, the row and its marked cell.
    if workbook:
        upload(d, [workbook[1], workbook[2]])
        value, line, branch = "99", "3", "JG01"
        where, text = "评分!F3", "得分 99 超过细则 1.2 的分值 4.00"
    else:
        upload(d, sorted(glob.glob(os.path.join(bad, "*.csv"))) + [os.path.join(bad, "kaohe.ini")])
        value, line, branch = "26", "11", "B1"
        where, text = "第 11 行", "得分 26 超过细则 2.2 的分值 25.00"
    submit_and_wait(d, "table.diags")
    check(d.find_element(By.TAG_NAME, "h1").text == "数据有错误", "bad job title")
    marks = d.find_elements(By.CSS_SELECTOR, "table.cells td.bad mark")
    texts = [m.text for m in marks]
    check(value in texts, "the bad score %s is marked: %r" % (value, texts))
    cell = marks[texts.index(value)]
    table = cell.find_element(By.XPATH, "ancestor::table[1]")
    head = table.find_element(By.CSS_SELECTOR, "th.bad").text
    check(head == "F 得分", "the marked column's header: %r" % head)
    row = cell.find_element(By.XPATH, "ancestor::tr[1]").find_elements(By.XPATH, "*")
    check(row[0].text == line and row[1].text == branch, "the marked row: %r" % [c.text for c in row[:3]])
    msg = table.find_element(By.XPATH, "ancestor::tr[1]/preceding-sibling::tr[1]").text
    check(text in msg and where in msg, "the message above the row: %r" % msg)
    bg = cell.find_element(By.XPATH, "..").value_of_css_property("background-color")
    check(bg != "rgba(0, 0, 0, 0)", "the bad cell has no colour")
    full_page_shot(d, os.path.join(shots, "serve-errors.png"))
    d.quit()

    # Without JavaScript: the plain form, the 303 and the refreshing page.
    d = browser(os.path.join(profile, "nojs"), javascript=False)
    upload(d, files)
    submit_and_wait(d, "table.ranking")
    ranking_checks(d)
    d.quit()
finally:
    shutil.rmtree(profile, ignore_errors=True)
print("test_serve: ok")
