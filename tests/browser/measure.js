// Measures a rendered policy page loaded in the frame of frame.html, and
// writes one line per check into <pre id="result">: "ok NAME: …" or
// "FAIL NAME: …", and "measure NAME key=value …" with the numbers.
// Run by run.sh through `chromium --headless --dump-dom`.
(function () {
  "use strict";
  const q = new URLSearchParams(location.search);
  const name = q.get("name") || "page";
  const width = Number(q.get("width") || 375);
  const height = Number(q.get("height") || 800);
  const src = Number(q.get("src") || 0);
  const maxRatio = Number(q.get("maxratio") || 1.3);
  const frame = document.getElementById("page");
  const out = document.getElementById("result");
  const lines = [];
  const ok = (what) => lines.push("ok   " + name + ": " + what);
  const fail = (what) => lines.push("FAIL " + name + ": " + what);
  const check = (cond, what) => (cond ? ok(what) : fail(what));

  frame.style.width = width + "px";
  frame.style.height = height + "px";
  frame.addEventListener("load", () => {
    try {
      measure(frame.contentDocument, frame.contentWindow);
    } catch (e) {
      fail("cannot measure: " + e);
    }
    out.textContent = "\n" + lines.join("\n") + "\ndone\n";
  });
  frame.src = q.get("page");

  // Whether an element is shown: not inside a closed <details> (other than
  // its <summary>), not display:none, not off-screen (the skip link).
  function shown(el, win) {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const st = win.getComputedStyle(e);
      if (st.display === "none" || st.visibility === "hidden") return false;
      const d = e.parentElement;
      if (d && d.tagName === "DETAILS" && !d.open && e.tagName !== "SUMMARY") return false;
    }
    return true;
  }

  // The visible text: every text node that is shown, without white space.
  function visibleText(doc, win) {
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    let n = 0;
    const seen = new Map();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const p = t.parentElement;
      if (!p) continue;
      let vis = seen.get(p);
      if (vis === undefined) {
        vis = shown(p, win) && !p.closest("a.skip");
        seen.set(p, vis);
      }
      if (vis) {
        const d = t.data.replace(/\s+/g, "");
        n += d.length;
        cjk += (d.match(/[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/g) || []).length;
      }
    }
    return n;
  }
  let cjk = 0;

  function measure(doc, win) {
    const h = doc.documentElement.scrollHeight;
    const text = visibleText(doc, win);
    // The summary (before it existed: the key-facts list, for comparison).
    const kf = doc.getElementById("key-facts");
    const summary = doc.querySelector(".summary") || (kf && kf.nextElementSibling);
    const sumEnd = summary ? Math.round(summary.getBoundingClientRect().bottom + win.scrollY) : -1;
    // The summary's own height: the issue asks for a one-screen summary;
    // the header above it (title, dates, scope, language banner) is not
    // part of it, and is held by the 1.5-screen limit on where it ends.
    const sumHeight = summary ? Math.round(summary.getBoundingClientRect().height) : -1;
    // Where the account-deletion route is: the target of the summary's
    // link to a right, else the first heading that speaks of closing the
    // account (the page before the summary existed); and in how many taps
    // from the top (2: the summary link, then the target).
    const delLink = summary && Array.from(summary.querySelectorAll('a[href^="#right-"]'))[0];
    let delEl = delLink && doc.getElementById(delLink.getAttribute("href").slice(1));
    if (!delEl) {
      delEl = Array.from(doc.querySelectorAll("h2,h3,h4,h5")).find((e) =>
        /注销|close|delet/i.test(e.textContent)) || null;
    }
    const delAt = delEl ? Math.round(delEl.getBoundingClientRect().top + win.scrollY) : -1;
    lines.push(
      "measure " + name + " width=" + width + " height=" + h + " text=" + text +
        " source=" + src + " ratio=" + (src ? (text / src).toFixed(2) : "-") +
        " cjk_share=" + (text ? (cjk / text).toFixed(2) : "-") +
        " summary_end=" + sumEnd + " summary_height=" + sumHeight + " delete_at=" + delAt +
        " delete_screens=" + (delAt >= 0 ? (delAt / height).toFixed(1) : "-") +
        " delete_taps=" + (delLink && delEl ? 2 : "-")
    );

    if (width <= 400) {
      // The summary fits in 1.5 screens.
      check(summary && sumEnd <= 1.5 * height, "summary ends at " + sumEnd + " px (limit " + 1.5 * height + ")");
      // The summary itself is one screen.
      check(summary && sumHeight <= height, "summary is " + sumHeight + " px tall (limit " + height + ")");
      // Every summary link has its target.
      const links = summary ? Array.from(summary.querySelectorAll('a[href^="#"]')) : [];
      const missing = links.filter((a) => !doc.getElementById(a.getAttribute("href").slice(1)));
      check(links.length > 0 && missing.length === 0,
        links.length + " summary links resolve" + (missing.length ? "; missing " + missing.map((a) => a.getAttribute("href")).join(" ") : ""));
      // Deletion route and contact: a link in the summary (tap 1) to a
      // target that exists (tap 2 lands there).
      const del = links.find((a) => /^#right-/.test(a.getAttribute("href")));
      const contact = links.find((a) => a.getAttribute("href") === "#contact");
      // The summary's deletion line (its label in either language): a
      // link to the right, or, when the policy declares none that closes the
      // account or deletes data, the words that it does not say.
      const delLine = summary && Array.from(summary.querySelectorAll("li")).find((li) =>
        /注销账户或删除信息|Closing your account or deleting data/.test(li.textContent));
      if (del) {
        check(!!doc.getElementById(del.getAttribute("href").slice(1)), "account deletion reachable from the summary (" + del.getAttribute("href") + ")");
      } else {
        check(!!delLine && /未说明|not stated/i.test(delLine.textContent),
          "no deletion right declared; the summary says so");
      }
      check(!!contact && !!doc.getElementById("contact"), "contact reachable from the summary");
      // Nothing wider than the viewport.
      const vw = doc.documentElement.clientWidth;
      const wide = [];
      for (const el of doc.body.querySelectorAll("*")) {
        if (el.closest("a.skip")) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > vw + 1 && shown(el, win)) wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""));
      }
      const sw = doc.documentElement.scrollWidth;
      check(wide.length === 0 && sw <= vw, "no element wider than " + vw + " px (scrollWidth " + sw + ")" + (wide.length ? ": " + wide.slice(0, 5).join(" ") : ""));
      // Tables: a caption and scoped header cells.
      const tables = Array.from(doc.querySelectorAll("table"));
      const bad = tables.filter((t) => {
        const cap = t.querySelector("caption");
        const ths = Array.from(t.querySelectorAll("th"));
        return !cap || !cap.textContent.trim() || ths.length === 0 || ths.some((th) => !th.getAttribute("scope"));
      });
      check(bad.length === 0, tables.length + " tables have a caption and scoped header cells" + (bad.length ? " (" + bad.length + " do not)" : ""));
      // Scroll regions can take the focus.
      const scrollers = Array.from(doc.querySelectorAll("main *")).filter((el) => {
        const st = win.getComputedStyle(el);
        return (st.overflowX === "auto" || st.overflowX === "scroll") && el.scrollWidth > el.clientWidth;
      });
      check(scrollers.every((el) => el.tabIndex >= 0), scrollers.length + " scroll regions are focusable");
      // The skip link.
      const skip = doc.querySelector("a.skip");
      check(!!skip && !!doc.getElementById(skip.getAttribute("href").slice(1)), "skip link has its target");
      if (src > 0) check(text <= maxRatio * src, "visible text " + text + " chars = " + (text / src).toFixed(2) + "x the source (limit " + maxRatio + "x)");
    }
  }
})();
