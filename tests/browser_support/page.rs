//! What a test does on a page: go, find, fill, click, read, drag and drop, sign in.

use std::time::Instant;

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use super::*;

impl Browser {
    /// Opens `path` (e.g. `/login`) on the app.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.driver
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The path of the current page (no scheme, host or port).
    pub async fn path(&self) -> String {
        let url = self.driver.current_url().await.expect("current url");
        let full = url.as_str();
        full.strip_prefix(&self.base).unwrap_or(full).to_string()
    }

    /// The first element matching the CSS `selector`, waiting for it to appear.
    pub async fn find(&self, selector: &str) -> WebElement {
        self.driver
            .query(By::Css(selector))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no element matches `{selector}`: {e}"))
    }

    /// Whether an element matches `selector` right now (no waiting).
    pub async fn exists(&self, selector: &str) -> bool {
        !self
            .driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
            .is_empty()
    }

    /// Replaces the content of the input matching `selector` with `value`.
    pub async fn fill(&self, selector: &str, value: &str) {
        let input = self.find(selector).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{selector}`: {e}"));
        input
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into `{selector}`: {e}"));
    }

    /// Clicks `selector` and waits until the page it was on is gone (a submit or a link):
    /// `click()` returns before the POST/redirect/GET finishes (STACK.md pitfall 15).
    pub async fn click_and_wait(&self, selector: &str) {
        let old_page = self
            .driver
            .find(By::Tag("html"))
            .await
            .expect("the <html> element");
        self.find(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{selector}`: {e}"));
        old_page
            .wait_until()
            .stale()
            .await
            .unwrap_or_else(|e| panic!("the page did not change after clicking `{selector}`: {e}"));
    }

    /// Clicks `selector` when the click stays on the page (a `<summary>`, a checkbox, a
    /// link that opens a dialog).
    pub async fn click(&self, selector: &str) {
        self.find(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{selector}`: {e}"));
    }

    /// Picks the option showing `text` in the `<select>` matching `selector`.
    pub async fn select(&self, selector: &str, text: &str) {
        let element = self.find(selector).await;
        SelectElement::new(&element)
            .await
            .unwrap_or_else(|e| panic!("`{selector}` is not a select: {e}"))
            .select_by_visible_text(text)
            .await
            .unwrap_or_else(|e| panic!("no option {text:?} in `{selector}`: {e}"));
    }

    /// The visible texts of every element matching `selector` right now, in page order.
    pub async fn texts(&self, selector: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
        {
            texts.push(
                element
                    .text()
                    .await
                    .unwrap_or_else(|e| panic!("text of `{selector}`: {e}")),
            );
        }
        texts
    }

    /// The attribute `name` of every element matching `selector` right now, in page order
    /// (empty where it is absent).
    pub async fn attrs(&self, selector: &str, name: &str) -> Vec<String> {
        let mut values = Vec::new();
        for element in self
            .driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
        {
            let value = element
                .attr(name)
                .await
                .unwrap_or_else(|e| panic!("{name} of `{selector}`: {e}"));
            values.push(value.unwrap_or_default());
        }
        values
    }

    /// How many elements match `selector` right now.
    pub async fn count(&self, selector: &str) -> usize {
        self.driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
            .len()
    }

    /// Whether the first element matching `selector` is displayed (waits for it to exist).
    pub async fn visible(&self, selector: &str) -> bool {
        self.find(selector)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|e| panic!("is `{selector}` displayed: {e}"))
    }

    /// Drags the element matching `source` onto the one matching `target` as a mouse would,
    /// through the HTML5 drag events (`dragstart`, `dragenter`, `dragover`, `drop`,
    /// `dragend`), then waits for the page to reload.
    pub async fn drag_and_drop(&self, source: &str, target: &str) {
        let old_page = self
            .driver
            .find(By::Tag("html"))
            .await
            .expect("the <html> element");
        self.drop_onto(source, target).await;
        old_page.wait_until().stale().await.unwrap_or_else(|e| {
            panic!("the page did not reload after dropping `{source}` on `{target}`: {e}")
        });
    }

    /// Like [`Browser::drag_and_drop`], without waiting for anything.
    pub async fn drop_onto(&self, source: &str, target: &str) {
        let from = self
            .find(source)
            .await
            .to_json()
            .expect("element reference");
        let to = self
            .find(target)
            .await
            .to_json()
            .expect("element reference");
        self.driver
            .execute(
                r"const [from, to] = arguments;
                  const data = new DataTransfer();
                  const fire = (el, type) => el.dispatchEvent(new DragEvent(type,
                      { bubbles: true, cancelable: true, dataTransfer: data }));
                  fire(from, 'dragstart');
                  fire(to, 'dragenter');
                  fire(to, 'dragover');
                  fire(to, 'drop');
                  fire(from, 'dragend');",
                vec![from, to],
            )
            .await
            .unwrap_or_else(|e| panic!("drag `{source}` onto `{target}`: {e}"));
    }

    /// Waits for a JavaScript `alert()`, closes it with OK and returns its text.
    pub async fn accept_alert(&self) -> String {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            match self.driver.get_alert_text().await {
                Ok(text) => {
                    self.driver.accept_alert().await.expect("accept the alert");
                    return text;
                }
                Err(e) => assert!(Instant::now() < deadline, "no alert appeared: {e}"),
            }
            actix_web::rt::time::sleep(WAIT_INTERVAL).await;
        }
    }

    /// The visible text of the first element matching `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of `{selector}`: {e}"))
    }

    /// The current value of the input matching `selector`.
    pub async fn value(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .value()
            .await
            .unwrap_or_else(|e| panic!("value of `{selector}`: {e}"))
            .unwrap_or_default()
    }

    /// Signs in as `login` with the fixtures' password through the real sign-in form.
    pub async fn sign_in(&self, login: &str) {
        self.sign_in_with(login, PASSWORD).await;
    }

    /// Fills and submits the sign-in form; the caller checks where it landed.
    pub async fn sign_in_with(&self, login: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#login", login).await;
        self.fill("#password", password).await;
        self.click_and_wait("form[action='/login'] button[type=submit]")
            .await;
    }
}
