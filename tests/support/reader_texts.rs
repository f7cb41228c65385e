//! Readers' texts that try to break out of a comment's box, and the in-page probe that reports
//! any that does: used by tests/browser.rs (included with `#[path]`).

/// With `#boxes` in the address, once the fonts are in, reports every comment whose box is wider
/// than the page or whose text lies outside its box: wider than it, an element or a line of text
/// beyond its edges, or (unless the box clips what it paints) glyphs drawn beyond their line, as
/// stacked combining marks are.
pub const BOXES: &str = "<script>addEventListener('load', async () => { \
    if (location.hash !== '#boxes') return; await document.fonts.ready; \
    const ctx = document.createElement('canvas').getContext('2d'); const out = []; \
    const root = document.documentElement; \
    if (root.scrollWidth > root.clientWidth) out.push('the page scrolls sideways'); \
    const comments = [...document.querySelectorAll('.comment')]; \
    comments.forEach((c, i) => { const box = c.getBoundingClientRect(); const style = getComputedStyle(c); \
      const clips = style.overflowX !== 'visible' && style.overflowY !== 'visible'; \
      const outside = (r, up, down) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top - up < box.top - 1 || r.bottom + down > box.bottom + 1); \
      const name = i + ' ' + JSON.stringify(c.querySelector('.comment-author').textContent.slice(0, 12)); \
      if (box.left < -1 || box.right > root.clientWidth + 1) out.push(name + ': the box is wider than the page'); \
      if (c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight) out.push(name + ': content wider or taller than the box'); \
      for (const e of c.querySelectorAll('*')) if (outside(e.getBoundingClientRect(), 0, 0)) out.push(name + ': <' + e.tagName + ' class=' + e.className + '> outside'); \
      const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT); \
      for (let t; (t = walker.nextNode());) { if (!t.data.trim()) continue; \
        const s = getComputedStyle(t.parentElement); ctx.font = s.fontStyle + ' ' + s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily; \
        const m = ctx.measureText(t.data); \
        const up = clips ? 0 : Math.max(0, m.actualBoundingBoxAscent - m.fontBoundingBoxAscent); \
        const down = clips ? 0 : Math.max(0, m.actualBoundingBoxDescent - m.fontBoundingBoxDescent); \
        const range = document.createRange(); range.selectNodeContents(t); \
        if ([...range.getClientRects()].some(r => outside(r, up, down))) out.push(name + ': text ' + JSON.stringify(t.data.slice(0, 12)) + ' paints outside (' + Math.round(up) + 'px above, ' + Math.round(down) + 'px below its line)'); } }); \
    const report = document.createElement('pre'); report.id = 'akhbar-boxes'; \
    report.textContent = 'comments=' + comments.length + '\\n' + out.slice(0, 30).join('\\n'); document.body.append(report); });</script>";

/// Texts a reader can send (name, comment) that try to break out of a comment's box.
pub fn extreme_texts() -> Vec<(String, String)> {
    let marks = "\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}\u{0306}\u{0307}\u{0316}\u{0317}\u{0318}";
    let persian_marks = "\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}";
    let family = "👩‍👩‍👧‍👦";
    vec![
        ("ب".repeat(80), "ب".repeat(1500)),
        ("W".repeat(80), "x".repeat(2500)),
        ("﷽".repeat(80), "﷽".repeat(600)),
        (
            "نشانی".into(),
            format!(
                "https://example.org/{}?q={}",
                "path/".repeat(200),
                "z".repeat(500)
            ),
        ),
        ("نیم‌فاصله".into(), "می‌".repeat(700)),
        (
            "Zalgo".into(),
            format!("Z{} سلام ب{}", marks.repeat(40), persian_marks.repeat(60)),
        ),
        (
            "\u{202E}abc".into(),
            format!(
                "\u{202E}abc\u{202C} \u{2067}متن\u{2069} {}",
                "abcسلام123\u{200F}".repeat(180)
            ),
        ),
        (
            family.repeat(10),
            format!("{}{}", family.repeat(200), "🇮🇷🏳️‍🌈".repeat(150)),
        ),
        (
            "فاصله".into(),
            format!("a\t\t\t\tb{}c{}d", "\n".repeat(60), "\t".repeat(300)),
        ),
        ("漢字".into(), "漢字テスト".repeat(400)),
        (
            "<script>".into(),
            "<script>alert(1)</script><img src=x onerror=alert(1)>".repeat(40),
        ),
        (
            "۱۲۳".into(),
            format!("{} {}", "1234567890".repeat(120), "۱۲۳۴۵۶۷۸۹۰".repeat(120)),
        ),
        (
            "ـ".repeat(80),
            format!("{} {}", "ـ".repeat(1200), "x\u{00A0}".repeat(600)),
        ),
        (
            "=".into(),
            format!(
                "{}{}=HYPERLINK(\"http://x.example/{}\",\"x\")",
                "=".repeat(900),
                "—".repeat(600),
                "y".repeat(400)
            ),
        ),
    ]
}
