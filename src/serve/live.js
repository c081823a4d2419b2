// Bekwaam preview (bekwaam serve only; never part of a built site).
//
// Listens to the preview server over Server-Sent Events and
// - reloads the page when it changed, keeping the scroll position;
// - swaps style sheets in place when only CSS changed;
// - shows build errors in an overlay (role="alert"), built from text nodes
//   only, and takes it away with a reload once the error is fixed;
// - shows the warnings of the site in a quiet notice in a corner, which the
//   reader can open, close and dismiss; a dismissed notice stays away until
//   the set of warnings changes.
// Texts come as JSON and go into the page as text nodes only; a span between
// backticks in a message becomes a <code> element holding that text.
(function () {
  "use strict";

  var scrollKey = "bekwaam-scroll:" + location.pathname;
  var dismissedKey = "bekwaam-waarschuwingen-weg";
  var generation = null;
  var overlay = null;
  var notice = null;

  // Back to where the reader was before the reload.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var restore = function () {
        window.scrollTo({ top: Number(saved) || 0, behavior: "instant" });
      };
      if (document.readyState === "complete") {
        restore();
      } else {
        window.addEventListener("load", restore);
      }
    }
  } catch (e) {
    // Storage can be switched off; then the browser's own restore applies.
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
    } catch (e) {
      // See above.
    }
    location.reload();
  }

  // "/competenties/x/index.html" and "/competenties/x/" are the same page.
  function pagePath(path) {
    return path.replace(/index\.html$/, "");
  }

  function showsPage(pages) {
    if (pages === null) {
      return true;
    }
    var here = pagePath(decodeURI(location.pathname));
    return pages.some(function (page) {
      return pagePath(page) === here;
    });
  }

  function swapStyles(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname) === -1) {
        return;
      }
      url.searchParams.set("bekwaam", String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      // The old sheet stays until the new one has loaded: no flash.
      fresh.addEventListener("load", function () {
        link.remove();
      });
      link.after(fresh);
    });
  }

  function element(tag, text) {
    var el = document.createElement(tag);
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  // `text` as text nodes, with each span between backticks in a <code>. An
  // unpaired backtick stays as it is.
  function appendWithCode(parent, text) {
    var parts = String(text).split("`");
    var paired = parts.length % 2 === 1 ? parts.length : parts.length - 1;
    parts.forEach(function (part, i) {
      if (i % 2 === 1 && i < paired) {
        parent.appendChild(element("code", part));
      } else if (i === paired) {
        parent.appendChild(document.createTextNode("`" + part));
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  // One problem or warning: its place, message and help.
  function problemItem(problem) {
    var item = element("li");
    item.style.cssText = "margin:.5rem 0";
    if (problem.place) {
      var place = element("code", problem.place);
      place.style.cssText = "font-weight:bold;word-break:break-all";
      item.appendChild(place);
      item.appendChild(document.createTextNode(": "));
    }
    appendWithCode(item, problem.message);
    if (problem.help) {
      var help = element("div");
      help.style.cssText = "color:#3d3d3d";
      appendWithCode(help, problem.help);
      item.appendChild(help);
    }
    return item;
  }

  // A focus ring that shows whatever the page's own styles do.
  function focusRing(button) {
    button.addEventListener("focus", function () {
      button.style.outline = "3px solid #1a1a1a";
      button.style.outlineOffset = "2px";
    });
    button.addEventListener("blur", function () {
      button.style.outline = "";
    });
  }

  function button(text) {
    var el = element("button", text);
    el.type = "button";
    el.style.cssText =
      "font:inherit;padding:.25rem .75rem;cursor:pointer;background:#fff;color:#1a1a1a;" +
      "border:2px solid #5c4a00;border-radius:4px";
    focusRing(el);
    return el;
  }

  function dismissed() {
    try {
      return sessionStorage.getItem(dismissedKey);
    } catch (e) {
      return null;
    }
  }

  function dismiss(key) {
    try {
      sessionStorage.setItem(dismissedKey, key);
    } catch (e) {
      // Without storage it stays away until the next reload.
    }
  }

  function hideNotice() {
    if (notice) {
      notice.remove();
      notice = null;
    }
  }

  // The warnings in a corner: a button with their count opens the list.
  function showNotice(report) {
    var wasOpen = notice !== null && notice.dataset.open === "true";
    hideNotice();
    if (!report.count || dismissed() === report.key) {
      return;
    }
    notice = element("aside");
    notice.id = "bekwaam-waarschuwingen";
    notice.setAttribute("aria-label", report.title);
    notice.dataset.key = report.key;
    notice.style.cssText =
      "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(36rem,calc(100vw - 2rem));" +
      "max-height:60vh;overflow:auto;background:#fffbe6;color:#1a1a1a;border:2px solid #5c4a00;" +
      "border-radius:6px;padding:.5rem;font:1rem/1.5 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.25)";
    var bar = element("div");
    bar.style.cssText = "display:flex;gap:.5rem;justify-content:flex-end;align-items:center";
    var toggle = button(report.title);
    var listId = "bekwaam-waarschuwingen-lijst";
    toggle.setAttribute("aria-controls", listId);
    var close = button(report.close);
    close.setAttribute("aria-label", report.close + ": " + report.title);
    bar.appendChild(toggle);
    bar.appendChild(close);
    notice.appendChild(bar);
    var body = element("div");
    body.id = listId;
    body.appendChild(element("p", report.intro));
    var list = element("ol");
    report.warnings.forEach(function (warning) {
      list.appendChild(problemItem(warning));
    });
    body.appendChild(list);
    if (report.more) {
      var more = element("p");
      appendWithCode(more, report.more);
      body.appendChild(more);
    }
    notice.appendChild(body);
    function setOpen(open) {
      notice.dataset.open = String(open);
      toggle.setAttribute("aria-expanded", String(open));
      body.hidden = !open;
    }
    setOpen(wasOpen);
    toggle.addEventListener("click", function () {
      setOpen(notice.dataset.open !== "true");
    });
    close.addEventListener("click", function () {
      dismiss(report.key);
      hideNotice();
    });
    document.body.appendChild(notice);
  }

  function hideOverlay() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function showOverlay(report) {
    hideOverlay();
    overlay = element("div");
    overlay.id = "bekwaam-fouten";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#fff;color:#1a1a1a;border-top:6px solid #b3261e;padding:1rem 1.5rem;" +
      "font:1rem/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
    var title = element("h2", report.title);
    title.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#b3261e";
    overlay.appendChild(title);
    overlay.appendChild(element("p", report.intro));
    var list = element("ol");
    report.problems.forEach(function (problem) {
      list.appendChild(problemItem(problem));
    });
    overlay.appendChild(list);
    var close = button(report.close);
    close.addEventListener("click", hideOverlay);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function data(message) {
    try {
      return JSON.parse(message.data);
    } catch (e) {
      return null;
    }
  }

  var source = new EventSource("/__bekwaam/events");

  // For tests and the curious: whether the preview is listening.
  window.bekwaamPreview = "verbinden";
  source.addEventListener("open", function () {
    window.bekwaamPreview = "verbonden";
  });
  source.addEventListener("error", function () {
    window.bekwaamPreview = "verbinden";
  });

  source.addEventListener("hello", function (message) {
    var hello = data(message);
    if (!hello) {
      return;
    }
    // Back after a lost connection, and the site changed meanwhile.
    if (generation !== null && hello.generation !== generation) {
      reload();
      return;
    }
    generation = hello.generation;
  });

  source.addEventListener("reload", function (message) {
    var change = data(message);
    if (!change) {
      return;
    }
    generation = change.generation;
    if (overlay || change.fixed) {
      reload();
    } else if (change.pages !== null && change.pages.length === 0 && change.styles.length > 0) {
      swapStyles(change.styles);
    } else if (showsPage(change.pages) || change.assets) {
      reload();
    }
  });

  source.addEventListener("warnings", function (message) {
    var report = data(message);
    if (report) {
      showNotice(report);
    }
  });

  source.addEventListener("problems", function (message) {
    var report = data(message);
    if (report) {
      showOverlay(report);
    }
  });
})();
