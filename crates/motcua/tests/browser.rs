//! The main screens in a real headless Chromium, driven through WebDriver
//! (Debian's chromium and chromium-driver). The test command installs them and
//! sets MOTCUA_REQUIRE_BROWSER; without it, a machine lacking them skips.
//! Screenshots of the screens land in the test's target directory.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use tokio::io::AsyncBufReadExt;

const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";
const CONTROL: &str = "\u{E009}";

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something listens on the port (bounded: about ten seconds).
async fn wait_for_port(port: u16) {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing listened on port {port}");
}

/// The text of a PDF, as `pdftotext` (poppler) reads it.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// A demo server, a chromedriver and a headless Chromium session.
struct Browser {
    c: fantoccini::Client,
    base: String,
    screens: PathBuf,
    _server: tokio::process::Child,
    _driver: tokio::process::Child,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

/// Starts everything, or `None` (skip) on a machine without a browser unless
/// MOTCUA_REQUIRE_BROWSER is set. The demo has one working day of history.
async fn browser() -> Option<Browser> {
    browser_with_history(1).await
}

/// As `browser`, with `days` working days of demo history (up to today).
async fn browser_with_history(days: usize) -> Option<Browser> {
    let (Some(chromium), Some(driver)) = (tool("chromium"), tool("chromedriver")) else {
        assert!(
            std::env::var_os("MOTCUA_REQUIRE_BROWSER").is_none(),
            "MOTCUA_REQUIRE_BROWSER is set but chromium or chromedriver is missing"
        );
        eprintln!("browser test skipped: chromium and chromedriver are not installed");
        return None;
    };
    let data = tempfile::tempdir().unwrap();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .env("RUST_LOG", "warn")
        // The demo's simulated carrier moves a parcel on every second.
        .env("MOTCUA_DEMO_CARRIER_SECS", "1")
        // The public forms' reading time: the test types faster than people.
        .env("MOTCUA_FORM_MIN_SECS", "0")
        .arg("--data-dir")
        .arg(data.path())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--demo",
            "--demo-days",
            &days.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server prints its address");
        if let Some(i) = line.find("http://") {
            break line[i..].trim().to_string();
        }
    };
    let port = free_port();
    // chromedriver and the Chromium it starts get a process group of their
    // own, so that the whole tree can be stopped when the test ends.
    let driver = tokio::process::Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .process_group(0)
        .spawn()
        .unwrap();
    wait_for_port(port).await;
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with headless Chromium");
    let screens = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&screens).unwrap();
    Some(Browser {
        c,
        base,
        screens,
        _server: server,
        _driver: driver,
        _dirs: (data, profile),
    })
}

/// Stops chromedriver and every Chromium process it started (also when the
/// test panics): killing chromedriver alone leaves the browser running.
impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(group) = self._driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Browser {
    async fn shoot(&self, name: &str) {
        let png = self.c.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(self.screens.join(format!("{name}.png")), png).unwrap();
    }

    /// Types into whatever has the focus, as a person at the keyboard does,
    /// and counts the keys (a chord counts each key).
    async fn keys(&self, count: &mut usize, keys: &str) {
        self.c
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
        *count += keys.chars().count();
    }

    async fn wait_for(&self, l: Locator<'_>) -> fantoccini::elements::Element {
        self.c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(l)
            .await
            .unwrap()
    }

    /// Waits (bounded) until a page we clicked away from has been replaced:
    /// its root element goes stale.
    async fn wait_until_gone(&self, old: fantoccini::elements::Element) {
        for _ in 0..200 {
            if old.tag_name().await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page did not change");
    }

    async fn sign_in(&self, user: &str) {
        self.c
            .goto(&format!("{}/dang-nhap", self.base))
            .await
            .unwrap();
        self.c
            .find(Locator::Id("username"))
            .await
            .unwrap()
            .send_keys(user)
            .await
            .unwrap();
        let password = self.c.find(Locator::Id("password")).await.unwrap();
        password.send_keys("motcua-demo").await.unwrap();
        password.send_keys(ENTER).await.unwrap();
        assert_eq!(
            self.wait_for(Locator::Id("current-user"))
                .await
                .text()
                .await
                .unwrap(),
            user
        );
    }

    /// Signing out lands on the home page (its search box).
    async fn sign_out(&self) {
        self.c
            .find(Locator::Id("logout"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for(Locator::Id("q")).await;
    }

    /// From the dossier page to its digitization: a photo of the first
    /// component chosen with the file input (as a phone's camera gives it),
    /// the others marked as originals only shown; the dossier is digitized and
    /// its page shows the thumbnail.
    async fn scan_everything(&self, code: &str) {
        self.c
            .goto(&format!("{}/ho-so/{code}", self.base))
            .await
            .unwrap();
        self.c
            .find(Locator::Id("open-scans"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let input = self.wait_for(Locator::Id("scan-file")).await;
        let photo = self.screens.join("to-khai.png");
        let img = image::RgbImage::from_fn(320, 240, |x, y| image::Rgb([x as u8, y as u8, 90]));
        img.save(&photo).unwrap();
        input.send_keys(photo.to_str().unwrap()).await.unwrap();
        let old_page = self.c.find(Locator::Css("html")).await.unwrap();
        self.c
            .find(Locator::Id("scan-submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_until_gone(old_page).await;
        self.wait_for(Locator::Id("scan-saved")).await;
        self.shoot("20-scan-attached").await;
        let rows: Vec<String> = self
            .c
            .execute(
                "return [...document.querySelectorAll('#components tbody tr')].map(r => r.className);",
                vec![],
            )
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(rows[0], "done", "{rows:?}");
        // The rest were originals only shown: nothing kept to scan.
        for i in 1..rows.len() {
            let form = self.c.find(Locator::Id("scan-exempt")).await.unwrap();
            self.c
                .execute(
                    "const f = document.getElementById('scan-exempt');
                     f.component.selectedIndex = arguments[0];
                     f.reason.value = 'original-shown';",
                    vec![serde_json::json!(i)],
                )
                .await
                .unwrap();
            let old_page = self.c.find(Locator::Css("html")).await.unwrap();
            form.find(Locator::Css("button"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            self.wait_until_gone(old_page).await;
            self.wait_for(Locator::Id("scan-saved")).await;
        }
        let summary = self
            .wait_for(Locator::Id("scan-summary"))
            .await
            .text()
            .await
            .unwrap();
        assert!(summary.contains("đã số hóa đầy đủ"), "{summary}");
        self.c
            .goto(&format!("{}/ho-so/{code}", self.base))
            .await
            .unwrap();
        let shown = self
            .c
            .execute(
                "const i = document.querySelector('#digitization img.thumb');
                 return i ? [i.complete, i.naturalWidth > 0] : null;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            shown,
            serde_json::json!([true, true]),
            "the thumbnail shows"
        );
        self.shoot("21-dossier-digitized").await;
    }

    /// The counter form of `procedure` with the applicant's name and phone
    /// typed and the first `ticks` documents ticked as handed in.
    async fn fill_counter(&self, procedure: &str, name: &str, phone: &str, ticks: usize) {
        self.c
            .goto(&format!("{}/quay/{procedure}", self.base))
            .await
            .unwrap();
        for (id, text) in [("name", name), ("phone", phone)] {
            self.c
                .find(Locator::Id(id))
                .await
                .unwrap()
                .send_keys(text)
                .await
                .unwrap();
        }
        for i in 0..ticks {
            self.c
                .find(Locator::Id(&format!("c{i}")))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    }

    /// Fills and submits one action form of the dossier page; the status shown after.
    async fn act(&self, code: &str, action: &str, fields: &[(&str, &str)]) -> String {
        self.c
            .goto(&format!("{}/ho-so/{code}", self.base))
            .await
            .unwrap();
        let form = self
            .c
            .find(Locator::Id(&format!("action-{action}")))
            .await
            .unwrap_or_else(|_| panic!("the action {action} is offered"));
        for (name, value) in fields {
            let input = form
                .find(Locator::Css(&format!("[name={name}]")))
                .await
                .unwrap();
            input.clear().await.unwrap();
            input.send_keys(value).await.unwrap();
        }
        let old_page = self.c.find(Locator::Css("html")).await.unwrap();
        form.find(Locator::Css("button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_until_gone(old_page).await;
        let status = self
            .wait_for(Locator::Id("dossier-status"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            self.c.find(Locator::Id("action-error")).await.is_err(),
            "{action} was refused"
        );
        status
    }
}

#[tokio::test]
async fn the_main_screens_in_a_real_browser() {
    let Some(b) = browser().await else { return };
    let (c, base) = (&b.c, b.base.clone());

    // Home, and a procedure search without diacritics.
    c.goto(&base).await.unwrap();
    assert!(c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("Cần Thơ"));
    b.shoot("01-home").await;
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.send_keys("chung thuc ban sao").await.unwrap();
    q.send_keys(ENTER).await.unwrap();
    let first = b
        .wait_for(Locator::Css("#procedures tbody tr td a"))
        .await
        .text()
        .await
        .unwrap();
    assert!(first.starts_with("Chứng thực bản sao"), "{first}");
    b.shoot("02-procedures").await;

    // A protected page sends to the sign-in form first.
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/dang-nhap"));
    b.sign_in("tiepnhan1.ninhkieu").await;

    // The counter, from the keyboard alone: procedure, applicant, checklist,
    // a mistake, its correction, receive. Every key is counted.
    c.goto(&format!("{base}/quay")).await.unwrap();
    let mut keystrokes = 0;
    b.keys(&mut keystrokes, "dang ky khai sinh\u{E007}").await;
    b.wait_for(Locator::Css("#counter-procedures a")).await;
    b.shoot("06-counter-search").await;
    // The first procedure found has the cursor: Enter opens it.
    b.keys(&mut keystrokes, ENTER).await;
    b.wait_for(Locator::Id("key")).await;
    assert_eq!(
        c.find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Đăng ký khai sinh"
    );
    let old_page = c.find(Locator::Css("html")).await.unwrap();
    b.keys(&mut keystrokes, "092190005678\u{E007}").await;
    b.wait_until_gone(old_page).await;
    b.wait_for(Locator::Id("name")).await;
    // Name, (CCCD carried over), a phone one digit short, (address), then
    // the checklist: tick the three documents and "original shown" of the
    // third, the result by post ("Q" picks "Qua bưu điện"), and on to
    // "receive".
    b.keys(
        &mut keystrokes,
        &format!("Huỳnh Thị Mỹ Duyên{TAB}{TAB}093912345{TAB}{TAB} {TAB}{TAB}{TAB} {TAB}{TAB}{TAB} {TAB}{TAB} {TAB}{TAB}{TAB}q{TAB}"),
    )
    .await;
    let old_page = c.find(Locator::Css("html")).await.unwrap();
    b.keys(&mut keystrokes, ENTER).await;
    b.wait_until_gone(old_page).await;
    let error = b
        .wait_for(Locator::Id("intake-error"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        error.contains("Số điện thoại"),
        "the error names the phone: {error}"
    );
    // Nothing typed is lost: the ticks, "original shown", the result channel.
    let kept = c
        .execute(
            "const f = document.getElementById('intake-form');
             return [f.c0.checked, f.c1.checked, f.c2.checked, f.o2.checked, f.o0.checked,
                     f.result_channel.value, document.activeElement.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        kept,
        serde_json::json!([true, true, true, true, false, "post", "phone"]),
        "the form as it was left, the cursor on the phone"
    );
    b.shoot("07-counter-form").await;
    // The cursor is on the phone: select it, type it right, Enter.
    b.keys(&mut keystrokes, &format!("{CONTROL}a")).await;
    b.keys(&mut keystrokes, "0939123456\u{E007}").await;
    eprintln!("keyboard-only counter flow: {keystrokes} keystrokes");
    assert!(
        keystrokes <= 97,
        "the keyboard-only counter flow took {keystrokes} keystrokes (it took 97 before)"
    );
    assert_eq!(
        b.wait_for(Locator::Id("dossier-status"))
            .await
            .text()
            .await
            .unwrap(),
        "Được tiếp nhận"
    );
    let received = c
        .find(Locator::Css("h1.code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let receipt = c
        .find(Locator::Id("form-01"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    // Received: said so, and the receipt is ready to print (its button has
    // the cursor, its preview is on the page).
    assert!(b
        .wait_for(Locator::Id("received"))
        .await
        .text()
        .await
        .unwrap()
        .contains(&received));
    let focused = c
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "print-receipt");
    b.shoot("08-received").await;
    let session = c.get_named_cookie("motcua_session").await.unwrap();
    let pdf = reqwest::Client::new()
        .get(format!("{base}{receipt}"))
        .header("cookie", format!("motcua_session={}", session.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains(&received) && text.contains("Huỳnh Thị Mỹ Duyên"),
        "the receipt names the dossier and applicant:\n{text}"
    );

    // Found again by name, typed without diacritics, from the search box.
    let quick = c.find(Locator::Css("input.quick")).await.unwrap();
    quick.send_keys("huynh thi my duyen").await.unwrap();
    quick.send_keys(ENTER).await.unwrap();
    assert_eq!(
        b.wait_for(Locator::Css("#results tbody td.code a"))
            .await
            .text()
            .await
            .unwrap(),
        received
    );
    b.shoot("09-search").await;

    // The inbox and a dossier with its timeline.
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    let rows = c.find_all(Locator::Css("#inbox tbody tr")).await.unwrap();
    assert!(rows.len() >= 5, "the demo's open dossiers: {}", rows.len());
    b.shoot("03-inbox").await;
    let link = c
        .find(Locator::Css("#inbox tbody tr td.code a"))
        .await
        .unwrap();
    let code = link.text().await.unwrap();
    link.click().await.unwrap();
    assert_eq!(
        b.wait_for(Locator::Css("h1.code"))
            .await
            .text()
            .await
            .unwrap(),
        code
    );
    assert!(!c
        .find_all(Locator::Css("#timeline tbody tr"))
        .await
        .unwrap()
        .is_empty());
    b.shoot("04-dossier").await;

    // English, then back, and sign out.
    c.goto(&format!("{base}/ngon-ngu/en")).await.unwrap();
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    assert_eq!(
        c.find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Dossier inbox"
    );
    b.shoot("05-inbox-en").await;
    c.goto(&format!("{base}/ngon-ngu/vi")).await.unwrap();
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    b.sign_out().await;
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dang-nhap"),
        "signed out"
    );
}

/// One dossier through its whole life on the dossier page, as three officers
/// would click it: supplement, settlement, approval, return at the counter.
#[tokio::test]
async fn a_dossier_is_settled_approved_and_returned_in_the_browser() {
    let Some(b) = browser().await else { return };
    b.sign_in("tiepnhan1.ninhkieu").await;
    b.fill_counter("2.004001", "Lâm Quốc Việt", "0977111222", 3)
        .await;
    // Enter in "reason for refusal" would press "receive", the first button:
    // the form comes back asking, with the reason kept and the cursor on
    // "refuse"; nothing is received.
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("reasons"))
        .await
        .unwrap()
        .send_keys(&format!("Sai thẩm quyền{ENTER}"))
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let asked = b
        .wait_for(Locator::Id("intake-error"))
        .await
        .text()
        .await
        .unwrap();
    assert!(asked.contains("Đã nhập lý do từ chối"), "{asked}");
    let kept =
        b.c.execute(
            "const f = document.getElementById('intake-form');
             return [f.reasons.value, f.c0.checked, f.c2.checked, document.activeElement.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        kept,
        serde_json::json!(["Sai thẩm quyền", true, true, "refuse"])
    );
    b.c.find(Locator::Id("reasons"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    b.c.find(Locator::Id("accept"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let code = b
        .wait_for(Locator::Css("h1.code"))
        .await
        .text()
        .await
        .unwrap();
    b.scan_everything(&code).await;
    assert_eq!(b.act(&code, "hand-over", &[]).await, "Đang xử lý");
    assert_eq!(
        b.act(
            &code,
            "request-supplement",
            &[
                ("items", "Bản sao Giấy chứng nhận kết hôn"),
                ("reason", "Thiếu giấy tờ")
            ]
        )
        .await,
        "Yêu cầu bổ sung giấy tờ"
    );
    assert!(
        b.c.find(Locator::Id("form-02")).await.is_ok(),
        "Mẫu 02 prints"
    );
    assert_eq!(b.act(&code, "receive-supplement", &[]).await, "Đang xử lý");
    b.sign_out().await;

    b.sign_in("chuyenvien1.ninhkieu").await;
    assert_eq!(
        b.act(
            &code,
            "draft-result",
            &[("summary", "Giấy khai sinh bản chính")]
        )
        .await,
        "Đang xử lý"
    );
    assert!(
        b.c.find(Locator::Id("action-approve")).await.is_err(),
        "a specialist does not approve"
    );
    b.sign_out().await;

    b.sign_in("lanhdao.ninhkieu").await;
    // The leader reads the draft before approving it.
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    assert_eq!(
        b.wait_for(Locator::Id("draft-summary"))
            .await
            .text()
            .await
            .unwrap(),
        "Giấy khai sinh bản chính"
    );
    b.shoot("10-draft-for-the-leader").await;
    assert_eq!(b.act(&code, "approve", &[]).await, "Đã xử lý xong");
    b.shoot("10-approved").await;
    b.sign_out().await;

    b.sign_in("tiepnhan1.ninhkieu").await;
    assert_eq!(
        b.act(&code, "return", &[("received_by", "Lâm Quốc Việt")])
            .await,
        "Đã trả kết quả"
    );
    let steps =
        b.c.find_all(Locator::Css("#timeline tbody tr"))
            .await
            .unwrap()
            .len();
    assert_eq!(
        steps, 11,
        "accept, a scan, two exemptions, digitized, hand-over, supplement asked, \
         supplement received, draft, approval, return"
    );
    b.shoot("11-returned").await;

    // And the citizen sees it from the receipt's lookup page.
    b.c.goto(&format!("{}/tra-cuu?ma={code}&sdt=1222", b.base))
        .await
        .unwrap();
    assert_eq!(
        b.c.find(Locator::Id("lookup-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Đã trả kết quả"
    );

    // On a phone (390 px, where the QR code is scanned) nothing is clipped:
    // the page is no wider than the screen and the status fits on it.
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.refresh().await.unwrap();
    b.wait_for(Locator::Id("lookup-status")).await;
    let fits =
        b.c.execute(
            "const s = document.getElementById('lookup-status').getBoundingClientRect();
             return [document.documentElement.scrollWidth, window.innerWidth, s.right];",
            vec![],
        )
        .await
        .unwrap();
    let (page, screen, status) = (
        fits[0].as_f64().unwrap(),
        fits[1].as_f64().unwrap(),
        fits[2].as_f64().unwrap(),
    );
    assert!(
        page <= screen && status <= screen,
        "at 390 px: page {page}, screen {screen}, status ends at {status}"
    );
    b.shoot("12-lookup-on-a-phone").await;
}

/// The biggest group at the counter, end to end: a certification of a copy
/// received, the original scanned (a PDF), the leader certifying it, the
/// electronic copy checked on the public page the QR code opens (a changed
/// byte fails), and the scan's words found by search once OCR has read them.
#[tokio::test]
async fn a_copy_is_certified_checked_and_found_by_its_words_in_the_browser() {
    let Some(b) = browser().await else { return };
    b.sign_in("tiepnhan1.ninhkieu").await;
    b.fill_counter("2.004104", "Phan Thị Ngọc Hân", "0977333444", 2)
        .await;
    b.c.find(Locator::Id("accept"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let code = b
        .wait_for(Locator::Css("h1.code"))
        .await
        .text()
        .await
        .unwrap();
    let cookie = |b: &Browser| {
        let c = b.c.clone();
        async move {
            let s = c.get_named_cookie("motcua_session").await.unwrap();
            format!("motcua_session={}", s.value())
        }
    };
    let http = reqwest::Client::new();
    // The original handed in: here the dossier's own receipt, printed and
    // scanned as a PDF (words OCR can read).
    let original = http
        .get(format!("{}/api/v1/dossiers/{code}/forms/01", b.base))
        .header("cookie", cookie(&b).await)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let original_path = b.screens.join("ban-chinh.pdf");
    std::fs::write(&original_path, &original).unwrap();
    b.c.goto(&format!("{}/ho-so/{code}/so-hoa", b.base))
        .await
        .unwrap();
    b.wait_for(Locator::Id("scan-file"))
        .await
        .send_keys(original_path.to_str().unwrap())
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("scan-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    b.wait_for(Locator::Id("scan-saved")).await;
    // The photocopy to certify was only compared, not kept.
    b.c.execute(
        "const f = document.getElementById('scan-exempt');
         f.component.selectedIndex = 1;
         f.reason.value = 'original-shown';",
        vec![],
    )
    .await
    .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Css("#scan-exempt button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let summary = b
        .wait_for(Locator::Id("scan-summary"))
        .await
        .text()
        .await
        .unwrap();
    assert!(summary.contains("đã số hóa đầy đủ"), "{summary}");
    b.sign_out().await;

    // The leader signs: two copies, the electronic one included.
    b.sign_in("lanhdao.ninhkieu").await;
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    let copies = b.wait_for(Locator::Id("certify-copies")).await;
    copies.clear().await.unwrap();
    copies.send_keys("2").await.unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("certify-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let number = b
        .wait_for(Locator::Css("#certification-lines .cert-number"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        number.starts_with("Số chứng thực: 1, quyển số 01/") && number.ends_with("-SCT/BS"),
        "{number}"
    );
    assert_eq!(
        b.c.find(Locator::Id("dossier-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Đã xử lý xong"
    );
    b.shoot("30-certified").await;
    let href = |sel: &'static str| {
        let c = b.c.clone();
        async move {
            c.find(Locator::Css(sel))
                .await
                .unwrap()
                .attr("href")
                .await
                .unwrap()
                .unwrap()
        }
    };
    let copy_url = href("#certification-lines .cert-copy").await;
    let verify_url = href("#certification-lines .cert-verify").await;
    let copy = http
        .get(format!("{}{copy_url}", b.base))
        .header("cookie", cookie(&b).await)
        .send()
        .await
        .unwrap();
    assert_eq!(copy.headers()["content-type"], "application/pdf");
    let copy = copy.bytes().await.unwrap().to_vec();
    let copy_path = b.screens.join("ban-sao.pdf");
    std::fs::write(&copy_path, &copy).unwrap();
    let text = pdf_text(&copy);
    assert!(
        text.contains("LỜI CHỨNG") && text.replace(['\n', ' '], "").contains(&verify_url),
        "the statement, and the address its QR code holds:\n{text}"
    );
    let mut changed = copy.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x20;
    let changed_path = b.screens.join("ban-sao-da-sua.pdf");
    std::fs::write(&changed_path, &changed).unwrap();
    b.sign_out().await;

    // Whoever received the copy opens the QR code's page on a phone.
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.goto(&format!("{}{verify_url}", b.base)).await.unwrap();
    assert_eq!(
        b.wait_for(Locator::Id("verify-number"))
            .await
            .text()
            .await
            .unwrap(),
        number
    );
    for (path, verdict) in [(&copy_path, "genuine"), (&changed_path, "mismatch")] {
        b.c.find(Locator::Id("verify-file"))
            .await
            .unwrap()
            .send_keys(path.to_str().unwrap())
            .await
            .unwrap();
        let old_page = b.c.find(Locator::Css("html")).await.unwrap();
        b.c.find(Locator::Id("verify-submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.wait_until_gone(old_page).await;
        let shown = b
            .wait_for(Locator::Id("verify-verdict"))
            .await
            .attr("data-verdict")
            .await
            .unwrap();
        assert_eq!(shown.as_deref(), Some(verdict), "{}", path.display());
        b.shoot(&format!("31-verify-{verdict}")).await;
    }
    let fits =
        b.c.execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        fits[0].as_f64().unwrap() <= fits[1].as_f64().unwrap(),
        "the verification page fits a phone: {fits}"
    );
    b.c.set_window_size(1280, 900).await.unwrap();

    // The words of the scan, found without diacritics once OCR read them.
    if tool("tesseract").is_none() {
        eprintln!("OCR search skipped: tesseract is not installed");
        return;
    }
    b.sign_in("tiepnhan1.ninhkieu").await;
    let mut found = Vec::new();
    for _ in 0..240 {
        b.c.goto(&format!(
            "{}/tim-kiem?q=giay+tiep+nhan+ho+so+va+hen+tra+ket+qua",
            b.base
        ))
        .await
        .unwrap();
        found = b
            .c
            .execute(
                "return [...document.querySelectorAll('#results tbody td.code a')].map(a => a.textContent);",
                vec![],
            )
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if found.contains(&code) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(found.contains(&code), "OCR text found by search: {found:?}");
    b.shoot("32-found-by-ocr").await;
}

/// The postal employee sends a settled dossier's result by post from its
/// page, follows the parcel on the postal screen until the (simulated)
/// carrier delivers it, and finds the dossier returned.
#[tokio::test]
async fn the_postal_employee_sends_a_result_and_sees_it_delivered_in_the_browser() {
    let Some(b) = browser().await else { return };
    // The dossier is received and settled through the API, as the counter,
    // the specialist and the leader would.
    let http = reqwest::Client::new();
    let login = |user: &'static str| {
        let (http, base) = (http.clone(), b.base.clone());
        async move {
            let res = http
                .post(format!("{base}/api/v1/session"))
                .json(&serde_json::json!({ "username": user, "password": "motcua-demo" }))
                .send()
                .await
                .unwrap();
            let cookie = res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string();
            let body: serde_json::Value = res.json().await.unwrap();
            (cookie, body["csrf_token"].as_str().unwrap().to_string())
        }
    };
    let call = |who: (String, String), path: String, body: serde_json::Value| {
        let (http, base) = (http.clone(), b.base.clone());
        async move {
            let res = http
                .post(format!("{base}{path}"))
                .header("cookie", who.0)
                .header("x-csrf-token", who.1)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap();
            assert!(status < 300, "{path}: {status} {body}");
            body
        }
    };
    let reception = login("tiepnhan1.ninhkieu").await;
    let me: serde_json::Value = http
        .get(format!("{}/api/v1/me", b.base))
        .header("cookie", &reception.0)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let d = call(
        reception.clone(),
        "/api/v1/dossiers".into(),
        serde_json::json!({
            "center_id": me["postings"][0]["center_id"],
            "procedure_code": "2.004001",
            "applicant": { "name": "Đoàn Văn Phát", "phone": "0912 777 666", "address": "8 Nguyễn Trãi" },
            "components": [
                { "name": "Tờ khai đăng ký khai sinh", "count": 1 },
                { "name": "Giấy chứng sinh", "count": 1 },
                { "name": "Giấy tờ tùy thân của người yêu cầu", "count": 1, "original_shown": true }
            ],
            "result_channel": "post",
            "decision": { "kind": "accept" }
        }),
    )
    .await;
    let code = d["code"].as_str().unwrap().to_string();
    let actions = format!("/api/v1/dossiers/{code}/actions");
    call(reception.clone(), actions.clone(), serde_json::json!({ "expected_seq": 1, "action": "hand-over", "to_agency": me["postings"][0]["agency_code"], "to_account": null, "note": "" })).await;
    call(login("chuyenvien1.ninhkieu").await, actions.clone(), serde_json::json!({ "expected_seq": 2, "action": "draft-result", "summary": "Giấy khai sinh" })).await;
    call(
        login("lanhdao.ninhkieu").await,
        actions,
        serde_json::json!({ "expected_seq": 3, "action": "approve" }),
    )
    .await;

    // The postal employee sends it from the dossier page.
    b.sign_in("buudien.ninhkieu").await;
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    let address = b
        .wait_for(Locator::Id("ship-address"))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        address, "8 Nguyễn Trãi",
        "the applicant's address is offered"
    );
    b.c.find(Locator::Id("ship-ward"))
        .await
        .unwrap()
        .send_keys("Phường Tân An")
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("ship-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let shown = b
        .wait_for(Locator::Css("#postal .parcel-state"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!shown.is_empty(), "the parcel shows on the dossier");
    b.shoot("40-sent-by-post").await;

    // The postal screen: the parcel moves until delivered (the simulated
    // carrier steps every second; the page is reloaded, a bounded number of times).
    let mut delivered = false;
    for _ in 0..120 {
        b.c.goto(&format!("{}/buu-chinh", b.base)).await.unwrap();
        let rows =
            b.c.execute(
                "const t = document.getElementById('parcels-delivered');
                 return t ? [...t.querySelectorAll('td.code a')].map(a => a.textContent) : [];",
                vec![],
            )
            .await
            .unwrap();
        if rows
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v.as_str() == Some(code.as_str()))
        {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(delivered, "the parcel was delivered");
    b.shoot("41-postal-screen").await;
    b.c.find(Locator::Css("#parcels-delivered td.code a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        b.wait_for(Locator::Id("dossier-status"))
            .await
            .text()
            .await
            .unwrap(),
        "Đã trả kết quả"
    );
    let steps =
        b.c.find_all(Locator::Css("#postal .parcel-updates li"))
            .await
            .unwrap()
            .len();
    assert!(steps >= 3, "handed over, in transit, delivered: {steps}");
    b.shoot("42-returned-by-post").await;
}

/// A dossier received at the post office, away from the center: the postal
/// employee finds the procedure, checks the documents against its list (a
/// mandatory one missing is refused, nothing typed lost), seals the package
/// and prints the slip, sends it to the center on a manifest, and the
/// center's receiver tallies it, which accepts the dossier.
#[tokio::test]
async fn a_postal_intake_is_carried_to_the_center_and_accepted_in_the_browser() {
    let Some(b) = browser().await else { return };
    let value = |id: &'static str| {
        let c = b.c.clone();
        async move {
            c.find(Locator::Id(id))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    b.sign_in("buudien.ninhkieu").await;

    // From the postal screen to the intake, the procedure found by its words.
    b.c.goto(&format!("{}/buu-chinh", b.base)).await.unwrap();
    b.wait_for(Locator::Id("postal-intake-link"))
        .await
        .click()
        .await
        .unwrap();
    let q = b.wait_for(Locator::Id("q")).await;
    assert!(b
        .c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/buu-chinh/nhan-ho-so"));
    q.send_keys("khai sinh").await.unwrap();
    q.send_keys(ENTER).await.unwrap();
    let link = b
        .wait_for(Locator::Css(
            "#postal-procedures a[href='/buu-chinh/nhan-ho-so/2.004001']",
        ))
        .await;
    assert_eq!(link.text().await.unwrap(), "Đăng ký khai sinh");
    b.shoot("50-postal-intake-search").await;
    link.click().await.unwrap();

    // The form, with the certificate of birth (the second document) left
    // out: refused, the missing document named, everything typed kept.
    b.wait_for(Locator::Id("postal-intake-form")).await;
    for (id, text) in [
        ("name", "Lê Thị Xa"),
        ("phone", "0912000777"),
        ("address", "12 Ấp Mỹ Ái, xã Mỹ Khánh"),
        ("o0", "1"),
        ("k2", "1"),
        ("seal", "NB-000777"),
    ] {
        let input = b.c.find(Locator::Id(id)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("postal-intake-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let error = b
        .wait_for(Locator::Id("intake-error"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        error.contains("Giấy chứng sinh"),
        "the error names the missing document: {error}"
    );
    assert!(
        !error.contains("Tờ khai"),
        "the declaration was handed in: {error}"
    );
    for (id, kept) in [
        ("name", "Lê Thị Xa"),
        ("phone", "0912000777"),
        ("o0", "1"),
        ("o1", ""),
        ("k2", "1"),
        ("seal", "NB-000777"),
    ] {
        assert_eq!(value(id).await, kept, "#{id} as it was typed");
    }
    b.shoot("51-postal-intake-refused").await;
    b.c.find(Locator::Id("o1"))
        .await
        .unwrap()
        .send_keys("1")
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("postal-intake-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;

    // Received: the code, and the slip both sides sign.
    let code = b
        .wait_for(Locator::Css("#intake-done b.code"))
        .await
        .text()
        .await
        .unwrap();
    let here = b.c.current_url().await.unwrap();
    assert_eq!(here.path(), "/buu-chinh/bang-ke");
    assert_eq!(here.query(), Some(format!("nhan={code}").as_str()));
    b.shoot("52-postal-intake-done").await;
    let slip =
        b.c.find(Locator::Id("print-slip"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(slip, format!("/api/v1/dossiers/{code}/postal-slip"));
    let session = b.c.get_named_cookie("motcua_session").await.unwrap();
    let pdf = reqwest::Client::new()
        .get(format!("{}{slip}", b.base))
        .header("cookie", format!("motcua_session={}", session.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status().as_u16(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("PHIẾU GỬI HỒ SƠ") && text.contains("NB-000777"),
        "the slip names itself and the seal:\n{text}"
    );

    // To the center on a manifest: the dossier just received comes ticked;
    // the place it leaves from is typed.
    let form =
        b.c.find(Locator::Css("form[id^='leg-to-center-']"))
            .await
            .expect("the dossiers waiting to go to the center");
    let tick = form
        .find(Locator::Id(&format!("d-{code}")))
        .await
        .unwrap_or_else(|_| panic!("{code} waits to go to the center"));
    assert!(
        tick.prop("checked").await.unwrap().as_deref() == Some("true"),
        "the dossier just received is ticked"
    );
    form.find(Locator::Css("input[name=from_place]"))
        .await
        .unwrap()
        .send_keys("Bưu cục Mỹ Khánh")
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let number = b
        .wait_for(Locator::Id("manifest-number"))
        .await
        .text()
        .await
        .unwrap();
    assert!(number.starts_with("BK-"), "{number}");
    let manifest = b.c.current_url().await.unwrap();
    assert!(
        manifest.path().starts_with("/buu-chinh/bang-ke/"),
        "{manifest}"
    );
    assert!(
        b.c.find(Locator::Css(&format!(
            "#manifest-items a[href='/ho-so/{code}']"
        )))
        .await
        .is_ok(),
        "{code} is on the manifest"
    );
    // The carrier does not sign for their own manifest.
    b.c.find(Locator::Id("receive-elsewhere"))
        .await
        .expect("the manifest waits for the center to sign");
    assert!(b.c.find(Locator::Id("receive-form")).await.is_err());
    b.shoot("53-manifest-dispatched").await;
    b.sign_out().await;

    // The center's receiver tallies it: complete, as offered.
    b.sign_in("tiepnhan1.ninhkieu").await;
    b.c.goto(manifest.as_str()).await.unwrap();
    let tally = b
        .wait_for(Locator::Css(&format!(
            "#receive-form select[name='t:{code}']"
        )))
        .await;
    assert_eq!(
        tally.prop("value").await.unwrap().as_deref(),
        Some("complete")
    );
    assert_eq!(
        b.c.find(Locator::Id("manifest-received"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Chưa nhận"
    );
    b.shoot("54-manifest-to-receive").await;
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("receive-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let items = b
        .wait_for(Locator::Id("manifest-items"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        items.contains(&code) && items.contains("Đầy đủ"),
        "the tally shown: {items}"
    );
    assert!(
        b.c.find(Locator::Id("receive-error")).await.is_err(),
        "the receipt was refused"
    );
    assert!(b.c.find(Locator::Id("receive-form")).await.is_err());
    let received =
        b.c.find(Locator::Id("manifest-received"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(
        !received.trim().is_empty() && received != "Chưa nhận",
        "signed for: {received}"
    );
    b.shoot("55-manifest-received").await;

    // The dossier is accepted at the center.
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    assert_eq!(
        b.wait_for(Locator::Id("dossier-status"))
            .await
            .text()
            .await
            .unwrap(),
        "Được tiếp nhận"
    );
    b.shoot("56-postal-intake-accepted").await;
}

/// The queue end to end: the center's leader makes a ticket kiosk, a citizen
/// takes a ticket there, the board in the hall shows it called (live, from
/// the server's events) when the reception officer calls it, the officer
/// receives the dossier from it, and the citizen rates the service from the
/// receipt's QR code, on a phone.
#[tokio::test]
async fn a_ticket_is_called_on_the_board_received_and_rated_in_the_browser() {
    let Some(b) = browser().await else { return };
    // The leader makes a kiosk on the hall's page; its link shows once.
    b.sign_in("lanhdao.ninhkieu").await;
    b.c.goto(&format!("{}/sanh", b.base)).await.unwrap();
    let board_href = b
        .wait_for(Locator::Id("board-link"))
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let form = b.c.find(Locator::Id("device-form")).await.unwrap();
    form.find(Locator::Css("[name=name]"))
        .await
        .unwrap()
        .send_keys("Máy lấy số thử")
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    form.find(Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let link = b
        .wait_for(Locator::Css("#device-link code"))
        .await
        .text()
        .await
        .unwrap();
    let kiosk = &link[link.find("/lay-so/").expect("a kiosk link")..];
    b.shoot("60-kiosk-made").await;
    b.sign_out().await;

    // The kiosk: the citizen touches "Hộ tịch" and gets the ticket.
    b.c.goto(&format!("{}{kiosk}", b.base)).await.unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.wait_for(Locator::Id("group-B"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let number = b
        .wait_for(Locator::Id("ticket-number"))
        .await
        .text()
        .await
        .unwrap();
    assert!(number.starts_with('B'), "{number}");
    b.shoot("61-ticket").await;

    // The board in the hall, in this window; the counter in another.
    b.c.goto(&format!("{}{board_href}", b.base)).await.unwrap();
    b.wait_for(Locator::Id("board-latest")).await;
    let board = b.c.window().await.unwrap();
    let counter = b.c.new_window(false).await.unwrap().handle;
    b.c.switch_to_window(counter.clone()).await.unwrap();
    b.sign_in("tiepnhan1.ninhkieu").await;
    b.c.goto(&format!("{}/quay", b.base)).await.unwrap();
    let number_input = b.wait_for(Locator::Css("#queue-open [name=number]")).await;
    number_input.clear().await.unwrap();
    number_input.send_keys("5").await.unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("queue-open-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.wait_for(Locator::Id("queue-next"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    assert_eq!(
        b.wait_for(Locator::Id("serving-number"))
            .await
            .text()
            .await
            .unwrap(),
        number
    );
    b.shoot("62-counter-calls").await;

    // The board shows the call without being reloaded.
    b.c.switch_to_window(board).await.unwrap();
    let mut shown = String::new();
    for _ in 0..200 {
        shown =
            b.c.find(Locator::Id("board-latest"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
        if shown.contains(&number) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        shown.contains(&number) && shown.contains('5'),
        "the board shows {number} at counter 5: {shown}"
    );
    b.shoot("63-board").await;

    // The officer receives the dossier from the ticket.
    b.c.switch_to_window(counter).await.unwrap();
    b.fill_counter("2.004001", "Đặng Thị Hàng", "0977333444", 3)
        .await;
    assert!(b
        .c
        .find(Locator::Id("intake-ticket"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains(&number));
    b.c.find(Locator::Id("accept"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let code = b
        .wait_for(Locator::Css("h1.code"))
        .await
        .text()
        .await
        .unwrap();
    let session = b.c.get_named_cookie("motcua_session").await.unwrap();
    let pdf = reqwest::Client::new()
        .get(format!("{}/api/v1/dossiers/{code}/forms/01", b.base))
        .header("cookie", format!("motcua_session={}", session.value()))
        .send()
        .await
        .unwrap();
    let text = pdf_text(&pdf.bytes().await.unwrap());
    let pin: String = text
        .split("Mã tra cứu:")
        .nth(1)
        .expect("the receipt prints the lookup PIN")
        .trim()
        .chars()
        .take(6)
        .collect();
    assert!(text.contains("đánh giá sự hài lòng"), "{text}");

    // The citizen scans the receipt's QR code on a phone: the lookup offers
    // the rating.
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.goto(&format!("{}/tra-cuu?ma={code}&pin={pin}", b.base))
        .await
        .unwrap();
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.wait_for(Locator::Id("rate-link"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    b.wait_for(Locator::Id("rate-form")).await;
    b.c.execute(
        "document.querySelector('#rate-form [name=rating][value=very-satisfied]').click();",
        vec![],
    )
    .await
    .unwrap();
    b.c.find(Locator::Id("rate-comment"))
        .await
        .unwrap()
        .send_keys("Được hướng dẫn tận tình")
        .await
        .unwrap();
    let wide =
        b.c.execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        wide[0].as_f64().unwrap() <= wide[1].as_f64().unwrap(),
        "the rating page fits a phone: {wide}"
    );
    b.shoot("64-rate-on-a-phone").await;
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(Locator::Id("rate-send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until_gone(old_page).await;
    b.wait_for(Locator::Id("hall-message")).await;
    b.shoot("65-rated").await;

    // The officer sees the rating on the dossier's page.
    b.c.set_window_size(1280, 900).await.unwrap();
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    let ratings = b
        .wait_for(Locator::Id("ratings"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ratings.contains("Rất hài lòng"), "{ratings}");
}

/// Clicks a form's submit button and waits until the next page replaced it.
async fn submit(b: &Browser, button: Locator<'_>) {
    let old_page = b.c.find(Locator::Css("html")).await.unwrap();
    b.c.find(button).await.unwrap().click().await.unwrap();
    b.wait_until_gone(old_page).await;
}

/// Whether the page fits a phone's width: nothing scrolls sideways.
async fn fits_width(b: &Browser) -> bool {
    b.c.execute(
        "return document.documentElement.scrollWidth <= window.innerWidth;",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[tokio::test]
async fn a_citizen_sends_a_complaint_on_a_phone_an_officer_answers_it_is_published() {
    let Some(b) = browser().await else { return };
    b.c.set_window_size(390, 844).await.unwrap();
    // From the home page to the form, on a phone.
    b.c.goto(&b.base).await.unwrap();
    b.wait_for(Locator::Id("feedback-send-link"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(Locator::Id("feedback-form")).await;
    assert!(fits_width(&b).await, "the form fits 390 px");
    b.c.execute(
        "const s = document.getElementById('center_id');
         s.value = [...s.options].find(o => o.text.includes('Ninh Kiều')).value;
         document.getElementById('category').value = 'attitude';",
        vec![],
    )
    .await
    .unwrap();
    let typing = [
        (
            "content",
            "Tôi là Đỗ Thị Hạnh, đến nộp hồ sơ khai sinh ba lần mà quầy số 2 vẫn hẹn lại. Xin gọi 0912 345 678.",
        ),
        ("name", "Đỗ Thị Hạnh"),
        ("phone", "0912345678"),
    ];
    for (id, text) in typing {
        b.c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    b.shoot("70-feedback-form-phone").await;
    submit(&b, Locator::Id("feedback-send")).await;
    let code = b
        .wait_for(Locator::Id("feedback-code"))
        .await
        .text()
        .await
        .unwrap();
    assert!(code.starts_with("PAKN-"), "{code}");
    let tracking = b.c.current_url().await.unwrap().to_string();
    assert!(tracking.contains("?k="), "{tracking}");
    assert!(b.c.find(Locator::Id("feedback-sent")).await.is_ok());
    assert!(fits_width(&b).await, "the tracking page fits 390 px");
    b.shoot("71-feedback-sent-phone").await;

    // The center's leader assigns it to a specialist, who answers it.
    b.c.set_window_size(1280, 900).await.unwrap();
    b.sign_in("lanhdao.ninhkieu").await;
    b.c.goto(&format!("{}/pakn", b.base)).await.unwrap();
    b.wait_for(Locator::LinkText(&code))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(Locator::Id("assign-form")).await;
    let sender =
        b.c.find(Locator::Id("feedback-sender"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(
        sender.contains("0912345678"),
        "the leader sees the contact: {sender}"
    );
    b.c.execute(
        "const s = document.getElementById('to_account');
         s.value = [...s.options].find(o => o.text.includes('chuyenvien1.ninhkieu')).value;",
        vec![],
    )
    .await
    .unwrap();
    submit(&b, Locator::Css("#assign-form button")).await;
    b.wait_for(Locator::Id("feedback-assigned")).await;
    b.sign_out().await;
    b.sign_in("chuyenvien1.ninhkieu").await;
    b.c.goto(&format!("{}/pakn/{code}", b.base)).await.unwrap();
    b.wait_for(Locator::Id("answer-text"))
        .await
        .send_keys("Trung tâm đã kiểm tra: hồ sơ đủ điều kiện, đã tiếp nhận và hẹn trả kết quả đúng hạn. Cán bộ quầy số 2 đã được nhắc nhở.")
        .await
        .unwrap();
    submit(&b, Locator::Id("answer-send")).await;
    let status = b
        .wait_for(Locator::Id("feedback-status"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Đã trả lời");
    b.sign_out().await;

    // The leader publishes it: the preview has no personal data left.
    b.sign_in("lanhdao.ninhkieu").await;
    b.c.goto(&format!("{}/pakn/{code}", b.base)).await.unwrap();
    let preview = b
        .wait_for(Locator::Id("publish-form"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !preview.contains("0912") && !preview.contains("Hạnh"),
        "{preview}"
    );
    submit(&b, Locator::Id("publish-send")).await;
    let status = b
        .wait_for(Locator::Id("feedback-status"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Đã công khai");
    b.shoot("72-feedback-published-staff").await;
    b.sign_out().await;

    // On the phone again: the portal lists the answer without the phone
    // number or the name; the citizen's tracking page shows the answer.
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.goto(&format!("{}/tra-loi-phan-anh", b.base))
        .await
        .unwrap();
    let list = b
        .wait_for(Locator::Id("published-list"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(&code) && list.contains("đã được nhắc nhở"),
        "{list}"
    );
    assert!(
        !list.contains("0912") && !list.contains("345 678") && !list.contains("Hạnh"),
        "{list}"
    );
    assert!(fits_width(&b).await, "the portal's list fits 390 px");
    b.shoot("73-feedback-portal-phone").await;
    b.c.goto(&tracking).await.unwrap();
    let answer = b
        .wait_for(Locator::Id("feedback-answer"))
        .await
        .text()
        .await
        .unwrap();
    assert!(answer.contains("đã được nhắc nhở"), "{answer}");
    assert!(b.c.find(Locator::Id("rate-form")).await.is_ok());
}

/// Fills a declaration's inputs (`tk.key` → value) as a person would leave
/// them: text typed, a choice's radio button clicked.
async fn fill_declaration(b: &Browser, values: &[(&str, &str)]) {
    for (key, value) in values {
        let name = format!("tk.{key}");
        let radio = format!("input[type=radio][name='{name}'][value='{value}']");
        if let Ok(r) = b.c.find(Locator::Css(&radio)).await {
            r.click().await.unwrap();
            continue;
        }
        b.c.find(Locator::Css(&format!("[name='{name}']")))
            .await
            .unwrap_or_else(|_| panic!("the form has {name}"))
            .send_keys(value)
            .await
            .unwrap();
    }
}

const BIRTH: &[(&str, &str)] = &[
    ("ho_ten_nguoi_yeu_cau", "Phan Thị Mai"),
    ("dinh_danh_nguoi_yeu_cau", "092190004321"),
    ("noi_cu_tru_nguoi_yeu_cau", "8 Trần Phú, phường Ninh Kiều"),
    ("quan_he", "Mẹ"),
    ("ho_ten", "Phan Gia Bảo"),
    ("ngay_sinh", "20/11/2026"),
    ("gioi_tinh", "Nam"),
    ("dan_toc", "Kinh"),
    ("quoc_tich", "Việt Nam"),
    ("noi_sinh", "Bệnh viện Phụ sản thành phố Cần Thơ"),
];

/// A request the page itself makes (its session, its cookies): the status
/// and content type of `fetch(url)`, or of posting form `form_id` to `url`.
async fn fetched(b: &Browser, url: &str, form_id: Option<&str>) -> String {
    b.c.execute_async(
        "const [url, id, done] = arguments;
         const init = id
           ? { method: 'POST', body: new URLSearchParams(new FormData(document.getElementById(id))) }
           : {};
         fetch(url, init).then(r => done(r.status + ' ' + r.headers.get('content-type')))
           .catch(e => done('failed ' + e));",
        vec![
            url.into(),
            form_id.map_or(serde_json::Value::Null, Into::into),
        ],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string()
}

#[tokio::test]
async fn a_citizen_declares_and_submits_online_on_a_phone_the_center_accepts_and_she_downloads_the_result(
) {
    let Some(b) = browser().await else { return };
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.goto(&format!("{}/thu-tuc/2.004001", b.base))
        .await
        .unwrap();
    b.wait_for(Locator::Id("submit-online"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(Locator::Id("submit-form")).await;
    assert!(fits_width(&b).await, "the submission form fits 390 px");
    b.c.execute(
        "const s = document.getElementById('center_id');
         s.value = [...s.options].find(o => o.text.includes('Ninh Kiều')).value;",
        vec![],
    )
    .await
    .unwrap();
    fill_declaration(&b, BIRTH).await;
    for (id, text) in [("name", "Phan Thị Mai"), ("phone", "0912 777 888")] {
        b.c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    // The birth certificate, photographed.
    let photo = b.screens.join("giay-chung-sinh.png");
    image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([x as u8, y as u8, 140]))
        .save(&photo)
        .unwrap();
    b.c.find(Locator::Id("file-1"))
        .await
        .unwrap()
        .send_keys(photo.to_str().unwrap())
        .await
        .unwrap();
    b.shoot("80-submit-online-phone").await;
    submit(&b, Locator::Id("submit-send")).await;
    b.wait_for(Locator::Id("submit-sent")).await;
    assert!(fits_width(&b).await, "the lookup fits 390 px");
    let status =
        b.c.find(Locator::Id("lookup-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert_eq!(status, "Mới đăng ký");
    let url = b.c.current_url().await.unwrap();
    let pairs: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let (code, pin) = (pairs["ma"].clone(), pairs["pin"].clone());
    b.shoot("81-submitted-phone").await;

    // The center accepts it from its inbox; it is handled and its result
    // issued electronically.
    b.c.set_window_size(1280, 900).await.unwrap();
    b.sign_in("tiepnhan1.ninhkieu").await;
    b.c.goto(&format!("{}/hop-thu", b.base)).await.unwrap();
    b.wait_for(Locator::LinkText(&code)).await;
    b.c.goto(&format!("{}/ho-so/{code}", b.base)).await.unwrap();
    // The declaration came with it, for those who handle the dossier.
    assert!(b.c.find(Locator::Id("declaration-pdf")).await.is_ok());
    assert_eq!(
        fetched(
            &b,
            &format!("/api/v1/dossiers/{code}/declaration.pdf"),
            None
        )
        .await,
        "200 application/pdf"
    );
    assert_eq!(b.act(&code, "accept", &[]).await, "Được tiếp nhận");
    assert_eq!(b.act(&code, "hand-over", &[]).await, "Đang xử lý");
    b.sign_out().await;
    b.sign_in("chuyenvien1.ninhkieu").await;
    assert_eq!(
        b.act(&code, "draft-result", &[("summary", "Giấy khai sinh")])
            .await,
        "Đang xử lý"
    );
    let result = b.screens.join("giay-khai-sinh.png");
    image::RgbImage::from_fn(300, 400, |x, y| image::Rgb([200, x as u8, y as u8]))
        .save(&result)
        .unwrap();
    b.c.find(Locator::Css("#result-upload input[type=file]"))
        .await
        .unwrap()
        .send_keys(result.to_str().unwrap())
        .await
        .unwrap();
    submit(&b, Locator::Css("#result-upload button")).await;
    b.wait_for(Locator::Id("result-file")).await;
    b.sign_out().await;
    b.sign_in("lanhdao.ninhkieu").await;
    assert_eq!(b.act(&code, "approve", &[]).await, "Đã xử lý xong");
    b.act(&code, "issue-e-result", &[]).await;
    b.sign_out().await;

    // Back on the phone, she follows it by code and PIN and downloads it.
    b.c.set_window_size(390, 844).await.unwrap();
    b.c.goto(&format!("{}/tra-cuu?ma={code}&pin={pin}", b.base))
        .await
        .unwrap();
    let link = b.wait_for(Locator::Id("e-result")).await;
    let steps =
        b.c.find(Locator::Id("lookup-timeline"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(
        steps.contains("Được tiếp nhận") && steps.contains("Đã xử lý xong"),
        "{steps}"
    );
    let href = link.attr("href").await.unwrap().unwrap();
    assert_eq!(fetched(&b, &href, None).await, "200 image/png");
    assert!(fits_width(&b).await);
    b.shoot("82-result-phone").await;
}

#[tokio::test]
async fn a_postal_employee_fills_the_declaration_with_a_citizen_and_prints_it() {
    let Some(b) = browser().await else { return };
    b.sign_in("buudien.ninhkieu").await;
    b.c.goto(&format!("{}/quay/2.004001", b.base))
        .await
        .unwrap();
    b.wait_for(Locator::Id("eform")).await;
    b.c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("Phan Thị Mai")
        .await
        .unwrap();
    fill_declaration(&b, BIRTH).await;
    b.shoot("83-declaration-at-the-counter").await;
    // What the print button sends, as the page sends it.
    assert_eq!(
        fetched(&b, "/quay/2.004001/to-khai", Some("intake-form")).await,
        "200 application/pdf"
    );
    // A mistake comes back marked at its field, the rest as typed.
    b.c.find(Locator::Css("[name='tk.ngay_sinh']"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    b.c.find(Locator::Css("[name='tk.ngay_sinh']"))
        .await
        .unwrap()
        .send_keys("31/02/2026")
        .await
        .unwrap();
    b.c.execute(
        "document.getElementById('print-declaration').removeAttribute('formtarget');",
        vec![],
    )
    .await
    .unwrap();
    submit(&b, Locator::Id("print-declaration")).await;
    let problems = b
        .wait_for(Locator::Id("eform-problems"))
        .await
        .text()
        .await
        .unwrap();
    assert!(problems.contains("Ngày, tháng, năm sinh"), "{problems}");
    let kept =
        b.c.find(Locator::Css("[name='tk.ho_ten']"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(kept, "Phan Gia Bảo");
}

/// A file the page itself downloads (its session, its cookies): the status,
/// content type, content disposition and bytes of `fetch(url)`.
async fn downloaded(b: &Browser, url: &str) -> (u64, String, String, Vec<u8>) {
    use base64::Engine;
    let got =
        b.c.execute_async(
            "const [url, done] = arguments;
             fetch(url).then(async r => {
               const bytes = new Uint8Array(await r.arrayBuffer());
               let s = '';
               for (let i = 0; i < bytes.length; i += 0x8000)
                 s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
               done([r.status, r.headers.get('content-type'),
                     r.headers.get('content-disposition') || '', btoa(s)]);
             }).catch(e => done([0, 'failed ' + e, '', '']));",
            vec![url.into()],
        )
        .await
        .unwrap();
    let text = |i: usize| got[i].as_str().unwrap().to_string();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text(3))
        .unwrap();
    (got[0].as_u64().unwrap(), text(1), text(2), bytes)
}

/// The number the dashboard's figures table shows for "Trễ hạn" (late), and
/// its link to the dossiers behind it.
async fn late_on_the_dashboard(b: &Browser) -> (u64, String) {
    let link = b
        .wait_for(Locator::Css(
            "#dashboard-figures tr[data-kpi=late] a.kpi-now",
        ))
        .await;
    let row =
        b.c.find(Locator::Css("#dashboard-figures tr[data-kpi=late] td"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert_eq!(row, "Trễ hạn");
    // Thousands are grouped with dots in Vietnamese.
    let text = link.text().await.unwrap();
    let n = text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("a count: {text}"));
    (n, link.attr("href").await.unwrap().unwrap())
}

/// What shows a page is whole and quiet: it has no script at all (so none can
/// fail), its stylesheets are applied, and no raw JSON stands in for it.
async fn a_plain_page(b: &Browser) {
    let seen =
        b.c.execute(
            "return [document.scripts.length,
                     document.querySelectorAll('[onclick],[onload],[onerror],[onsubmit]').length,
                     document.styleSheets.length > 0
                       && [...document.styleSheets].every(s => s.cssRules.length > 0),
                     document.body.innerText.trim().startsWith('{')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(seen, serde_json::json!([0, 0, true, false]), "a plain page");
}

/// Working days of demo history for the dashboard's test: enough that the
/// month shown at sign-in, or the one before it, has dossiers settled late,
/// whatever the hour and day the test runs (the first of a month at 09:30
/// has nothing settled yet; the month before has the days before it).
const DASHBOARD_DAYS: usize = 3;

#[tokio::test]
async fn a_supervisor_reads_the_province_dashboard_drills_down_to_a_late_dossier_and_downloads_excel(
) {
    let Some(b) = browser_with_history(DASHBOARD_DAYS).await else {
        return;
    };
    let c = &b.c;
    // Those who oversee land on the dashboard when they sign in: the
    // province's, this month's.
    b.sign_in("giamsat.tinh").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/bang-dieu-khien");
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        h1.starts_with("Bảng điều khiển") && h1.contains("Cần Thơ"),
        "{h1}"
    );
    let period = c
        .find(Locator::Id("dashboard-period"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(period.as_deref(), Some("month"));
    // Late dossiers this month, or else (the month has barely begun) the
    // month before, one click back.
    let (mut late, mut behind) = late_on_the_dashboard(&b).await;
    if late == 0 {
        let before = c
            .find(Locator::Id("dashboard-period-line"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        submit(&b, Locator::Id("dashboard-prev")).await;
        let after = b
            .wait_for(Locator::Id("dashboard-period-line"))
            .await
            .text()
            .await
            .unwrap();
        assert_ne!(before, after, "the month before");
        (late, behind) = late_on_the_dashboard(&b).await;
    }
    assert!(late > 0, "the demo history has late dossiers");
    let period_line = c
        .find(Locator::Id("dashboard-period-line"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        behind.starts_with("/bang-dieu-khien/ho-so?") && behind.contains("figure=late"),
        "{behind}"
    );
    // The charts are drawn: the trend, the outcomes, the on-time rate and the
    // centers' ranking, each an inline SVG that takes room on the page.
    let widths = c
        .execute(
            "return [...document.querySelectorAll('figure.chart-box svg.chart')]
                      .map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; });",
            vec![],
        )
        .await
        .unwrap();
    let widths = widths.as_array().unwrap();
    assert!(widths.len() >= 3, "three charts and more: {widths:?}");
    for w in widths {
        assert!(
            w[0].as_f64().unwrap() > 0.0 && w[1].as_f64().unwrap() > 0.0,
            "every chart takes room: {widths:?}"
        );
    }
    for table in ["dashboard-ranking", "dashboard-officers"] {
        assert!(c.find(Locator::Id(table)).await.is_ok(), "{table}");
    }
    assert!(c
        .find(Locator::Css("#dashboard-index tr[data-indicator=\"2.1\"]"))
        .await
        .is_ok());
    a_plain_page(&b).await;
    b.shoot("90-dashboard").await;

    // The late number opens the dossiers behind it, and one of them.
    submit(
        &b,
        Locator::Css("#dashboard-figures tr[data-kpi=late] a.kpi-now"),
    )
    .await;
    b.wait_for(Locator::Id("behind-list")).await;
    let rows = c
        .find_all(Locator::Css("#behind-list tbody tr"))
        .await
        .unwrap();
    assert_eq!(
        rows.len() as u64,
        late.min(50),
        "as many dossiers as the figure (50 a page)"
    );
    a_plain_page(&b).await;
    b.shoot("91-dashboard-late-dossiers").await;
    let link = c.find(Locator::Css("a.dossier-link")).await.unwrap();
    let code = link.text().await.unwrap();
    submit(&b, Locator::Css("a.dossier-link")).await;
    assert_eq!(
        b.wait_for(Locator::Css("h1.code"))
            .await
            .text()
            .await
            .unwrap(),
        code
    );
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/ho-so/{code}")
    );
    b.shoot("92-late-dossier").await;
    // Back to the list, and from it to the dashboard of the same period.
    let old_page = c.find(Locator::Css("html")).await.unwrap();
    c.back().await.unwrap();
    b.wait_until_gone(old_page).await;
    b.wait_for(Locator::Id("behind-list")).await;
    submit(&b, Locator::Id("behind-back")).await;
    assert_eq!(
        b.wait_for(Locator::Id("dashboard-period-line"))
            .await
            .text()
            .await
            .unwrap(),
        period_line
    );

    // The Excel file, downloaded with the page's own session: the same late
    // count on the sheet "Số liệu".
    let href = c
        .find(Locator::Id("download-xlsx"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let (status, content_type, disposition, bytes) = downloaded(&b, &href).await;
    assert_eq!(status, 200);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        disposition.starts_with("attachment") && disposition.contains(".xlsx"),
        "{disposition}"
    );
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx");
    let figures = book.worksheet_range("Số liệu").expect("the sheet Số liệu");
    let row = figures
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Trễ hạn"))
        .unwrap_or_else(|| panic!("a row Trễ hạn: {figures:?}"));
    let in_file = match &row[1] {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("a count: {other:?}"),
    };
    assert_eq!(in_file, late as f64, "the file holds the page's number");
    // And the figures as CSV, from the other link.
    let href = c
        .find(Locator::Id("download-csv"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        fetched(&b, &href, None).await,
        "200 text/csv; charset=utf-8"
    );
}
