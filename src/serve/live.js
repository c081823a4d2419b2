// Bekwaam preview (bekwaam serve only; never part of a built site).
//
// Listens to the preview server over Server-Sent Events and
// - reloads the page when it changed, keeping the scroll position;
// - swaps style sheets in place when only CSS changed;
// - shows build errors in an overlay (role="alert"), built from text nodes
//   only, and takes it away with a reload once the error is fixed.
(function () {
  "use strict";

  var scrollKey = "bekwaam-scroll:" + location.pathname;
  var generation = null;
  var overlay = null;

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
      var item = element("li");
      item.style.cssText = "margin:.5rem 0";
      if (problem.place) {
        var place = element("code", problem.place);
        place.style.cssText = "font-weight:bold;word-break:break-all";
        item.appendChild(place);
        item.appendChild(document.createTextNode(": "));
      }
      item.appendChild(document.createTextNode(problem.message));
      if (problem.help) {
        var help = element("div", problem.help);
        help.style.cssText = "color:#3d3d3d";
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = element("button", report.close);
    close.type = "button";
    close.style.cssText = "font:inherit;padding:.25rem .75rem;cursor:pointer";
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

  source.addEventListener("problems", function (message) {
    var report = data(message);
    if (report) {
      showOverlay(report);
    }
  });
})();
