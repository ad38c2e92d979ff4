//! The main screens in a real headless Chromium, driven through WebDriver
//! (Debian's chromium and chromium-driver). The test command installs them and
//! sets MOTCUA_REQUIRE_BROWSER; without it, a machine lacking them skips.
//! Screenshots of the screens land in the test's target directory.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use tokio::io::AsyncBufReadExt;

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

struct Screens {
    dir: PathBuf,
}

impl Screens {
    async fn shoot(&self, c: &fantoccini::Client, name: &str) {
        let png = c.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(self.dir.join(format!("{name}.png")), png).unwrap();
    }
}

#[tokio::test]
async fn the_main_screens_in_a_real_browser() {
    let (Some(chromium), Some(driver)) = (tool("chromium"), tool("chromedriver")) else {
        assert!(
            std::env::var_os("MOTCUA_REQUIRE_BROWSER").is_none(),
            "MOTCUA_REQUIRE_BROWSER is set but chromium or chromedriver is missing"
        );
        eprintln!("browser test skipped: chromium and chromedriver are not installed");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .env("RUST_LOG", "warn")
        .arg("--data-dir")
        .arg(data.path())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--demo",
            "--demo-days",
            "1",
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
    let _driver = tokio::process::Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
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
    let screens = Screens {
        dir: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"),
    };
    std::fs::create_dir_all(&screens.dir).unwrap();

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
    screens.shoot(&c, "01-home").await;
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.send_keys("chung thuc ban sao").await.unwrap();
    q.send_keys("\u{E007}").await.unwrap(); // Enter
    let first = c
        .find(Locator::Css("#procedures tbody tr td a"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(first.starts_with("Chứng thực bản sao"), "{first}");
    screens.shoot(&c, "02-procedures").await;

    // Signing in goes on to the inbox asked for.
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/dang-nhap"));
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys("tiepnhan1.ninhkieu")
        .await
        .unwrap();
    let password = c.find(Locator::Id("password")).await.unwrap();
    password.send_keys("motcua-demo").await.unwrap();
    password.send_keys("\u{E007}").await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("current-user"))
        .await
        .unwrap();
    assert_eq!(
        c.find(Locator::Id("current-user"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "tiepnhan1.ninhkieu"
    );

    // The counter, from the keyboard: procedure, applicant, checklist, receive.
    c.goto(&format!("{base}/quay")).await.unwrap();
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.send_keys("dang ky khai sinh").await.unwrap();
    q.send_keys("\u{E007}").await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#counter-procedures a"))
        .await
        .unwrap();
    screens.shoot(&c, "06-counter-search").await;
    c.find(Locator::LinkText("Đăng ký khai sinh"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let key = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("key"))
        .await
        .unwrap();
    key.send_keys("092190005678").await.unwrap();
    key.send_keys("\u{E007}").await.unwrap();
    let name = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("name"))
        .await
        .unwrap();
    name.send_keys("Huỳnh Thị Mỹ Duyên").await.unwrap();
    c.find(Locator::Id("phone"))
        .await
        .unwrap()
        .send_keys("0939123456")
        .await
        .unwrap();
    screens.shoot(&c, "07-counter-form").await;
    c.find(Locator::Id("accept"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("dossier-status"))
        .await
        .unwrap();
    assert_eq!(status.text().await.unwrap(), "Được tiếp nhận");
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
    screens.shoot(&c, "08-received").await;
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
    quick.send_keys("\u{E007}").await.unwrap();
    let hit = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#results tbody td.code a"))
        .await
        .unwrap();
    assert_eq!(hit.text().await.unwrap(), received);
    screens.shoot(&c, "09-search").await;

    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    let rows = c.find_all(Locator::Css("#inbox tbody tr")).await.unwrap();
    assert!(rows.len() >= 5, "the demo's open dossiers: {}", rows.len());
    screens.shoot(&c, "03-inbox").await;

    // A dossier: its timeline, its receipt, an action.
    let link = c
        .find(Locator::Css("#inbox tbody tr td.code a"))
        .await
        .unwrap();
    let code = link.text().await.unwrap();
    link.click().await.unwrap();
    assert_eq!(
        c.find(Locator::Css("h1.code"))
            .await
            .unwrap()
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
    let receipt = c
        .find(Locator::Id("form-06"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(receipt.ends_with(&format!("/dossiers/{code}/forms/06")));
    screens.shoot(&c, "04-dossier").await;

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
    screens.shoot(&c, "05-inbox-en").await;
    c.goto(&format!("{base}/ngon-ngu/vi")).await.unwrap();
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    c.find(Locator::Id("logout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Signing out lands on the home page (the search box): wait for it, bounded.
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("q"))
        .await
        .unwrap();
    c.goto(&format!("{base}/hop-thu")).await.unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dang-nhap"),
        "signed out"
    );
    c.close().await.unwrap();
    server.kill().await.unwrap();
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
