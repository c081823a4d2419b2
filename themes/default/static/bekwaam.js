// Bekwaam default theme: small additions to pages that are complete without
// this file. Texts come from data attributes on <body>, in the handbook's
// language. Elements are made with createElement and textContent only.
(function () {
  "use strict";

  var texts = document.body.dataset;
  var script = document.currentScript;

  // A line that screen readers read out when it changes.
  function announcer() {
    var line = document.createElement("p");
    line.className = "visually-hidden";
    line.setAttribute("aria-live", "polite");
    document.body.appendChild(line);
    return line;
  }

  // Each "Link naar deze tip" becomes a button that copies the address of
  // that tip or example. Where copying is not allowed, the address is put in
  // the address bar instead, to copy from there.
  function copyButtons() {
    var links = document.querySelectorAll("a[data-share]");
    if (links.length === 0) {
      return;
    }
    var live = announcer();
    Array.prototype.forEach.call(links, function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "share-button";
      var label = document.createElement("span");
      label.textContent = texts.copy;
      button.appendChild(label);
      var hidden = link.querySelector(".visually-hidden");
      if (hidden) {
        var name = document.createElement("span");
        name.className = "visually-hidden";
        name.textContent = hidden.textContent;
        button.appendChild(name);
      }
      button.addEventListener("click", function () {
        var url = new URL(link.getAttribute("href"), location.href).href;
        var done = function () {
          label.textContent = texts.copied;
          live.textContent = texts.copied;
          window.setTimeout(function () {
            label.textContent = texts.copy;
          }, 2500);
        };
        var failed = function () {
          location.hash = new URL(url).hash;
          live.textContent = texts.copyFailed;
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, failed);
        } else {
          failed();
        }
      });
      link.hidden = true;
      link.after(button);
    });
  }

  // On the overviews, the list of competencies becomes a row of filter
  // buttons: show all, or the tips (examples) of one competency. On a narrow
  // screen the same choice is one drop-down list instead (the style sheet
  // shows one of the two), so the first tip is on the first screen.
  function filters() {
    var overview = document.querySelector(".overview[data-filter-items]");
    var jump = document.querySelector("nav.jump");
    if (!overview || !jump) {
      return;
    }
    var groups = Array.prototype.slice.call(overview.querySelectorAll(".overview-group"));
    var items = overview.dataset.filterItems;
    var total = overview.querySelectorAll(items).length;
    var bar = document.createElement("div");
    bar.className = "filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", texts.filterLabel);
    var status = document.createElement("p");
    status.className = "filter-status";
    status.setAttribute("aria-live", "polite");
    var buttons = [];
    var choose = document.createElement("p");
    choose.className = "filter-choose";
    var label = document.createElement("label");
    label.htmlFor = "filter-keuze";
    label.textContent = texts.filterLabel;
    var select = document.createElement("select");
    select.id = "filter-keuze";
    choose.append(label, select);

    function show(chosen) {
      var shown = 0;
      groups.forEach(function (group) {
        group.hidden = chosen !== null && group !== chosen;
        if (!group.hidden) {
          shown += group.querySelectorAll(items).length;
        }
      });
      buttons.forEach(function (entry, index) {
        entry.button.setAttribute("aria-pressed", String(entry.group === chosen));
        if (entry.group === chosen) {
          select.value = String(index);
        }
      });
      status.textContent = texts.filterCount
        .replace("{shown}", String(shown))
        .replace("{total}", String(total));
    }

    function add(text, group) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.addEventListener("click", function () {
        show(group);
      });
      var option = document.createElement("option");
      option.value = String(buttons.length);
      option.textContent = text;
      select.appendChild(option);
      buttons.push({ button: button, group: group });
      bar.appendChild(button);
    }

    add(texts.filterAll, null);
    groups.forEach(function (group) {
      add(group.dataset.group, group);
    });
    select.addEventListener("change", function () {
      show(buttons[Number(select.value)].group);
    });
    jump.hidden = true;
    jump.after(choose, bar, status);

    // A link to one competency's group (#slug) opens with that filter.
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var chosen = null;
    groups.forEach(function (group) {
      if (target && group.contains(target) && target.tagName === "H2") {
        chosen = group;
      }
    });
    show(chosen);
  }

  // A group of radio buttons with a legend, as the theme's choices are made:
  // one native radio per option, so Tab reaches the group and the arrow keys
  // change the choice. `choose` is called with the value of the new choice.
  function radios(name, legendText, options, chosen, choose) {
    var set = document.createElement("fieldset");
    set.className = "choice";
    var legend = document.createElement("legend");
    legend.textContent = legendText;
    set.appendChild(legend);
    options.forEach(function (option, index) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = option.value;
      input.id = name + "-" + index;
      input.checked = option.value === chosen;
      input.addEventListener("change", function () {
        if (input.checked) {
          choose(option.value);
        }
      });
      var text = document.createElement("span");
      text.textContent = option.text;
      label.append(input, text);
      set.appendChild(label);
    });
    return set;
  }

  // On the levels page: show one level of every competency, or all. Without
  // this script every level shows. The choice is a group of radio buttons;
  // a line for screen readers says what is shown after a change.
  function levelFilter() {
    var matrix = document.querySelector("[data-level-matrix]");
    if (!matrix) {
      return;
    }
    var names = matrix.dataset.levels ? matrix.dataset.levels.split("|") : [];
    if (names.length < 2) {
      return;
    }
    var cells = Array.prototype.slice.call(matrix.querySelectorAll(".matrix-cell"));
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var options = [{ value: "0", text: matrix.dataset.all }];
    names.forEach(function (name, index) {
      options.push({ value: String(index + 1), text: name });
    });
    function show(step) {
      cells.forEach(function (cell) {
        cell.hidden = step !== "0" && cell.dataset.step !== step;
      });
      matrix.classList.toggle("is-one-level", step !== "0");
      var text = options[Number(step)] ? options[Number(step)].text : "";
      status.textContent = matrix.dataset.shown.replace("{level}", text);
    }
    var bar = document.createElement("div");
    bar.className = "level-filter";
    bar.appendChild(radios("niveau", matrix.dataset.label, options, "0", show));
    matrix.before(bar, status);
  }

  // On the reflection questions page: print each competency on a page of
  // its own (the default, also without this script) or everything on one
  // sheet, and a button that opens the print window.
  function handout() {
    var sheet = document.querySelector("[data-handout]");
    if (!sheet) {
      return;
    }
    var options = [
      { value: "page", text: sheet.dataset.perPage },
      { value: "sheet", text: sheet.dataset.oneSheet },
    ];
    var bar = document.createElement("div");
    bar.className = "handout-controls";
    bar.appendChild(
      radios("afdruk", sheet.dataset.label, options, "page", function (value) {
        sheet.classList.toggle("handout-per-page", value === "page");
      })
    );
    var button = document.createElement("button");
    button.type = "button";
    button.className = "print-button";
    button.textContent = sheet.dataset.print;
    button.addEventListener("click", function () {
      window.print();
    });
    bar.appendChild(button);
    sheet.before(bar);
  }

  // Search: the field is shown here; its script (bekwaam-zoek.js) is only
  // loaded when someone starts searching, or arrives with a search in the
  // address, so reading a page costs nothing extra.
  function search() {
    var form = document.querySelector("form[data-search]");
    if (!form || !script) {
      return;
    }
    var input = form.querySelector("input");
    var loaded = false;
    function load() {
      if (loaded) {
        return;
      }
      loaded = true;
      var tag = document.createElement("script");
      tag.src = script.src.replace(/[^/]*$/, "bekwaam-zoek.js");
      document.head.appendChild(tag);
    }
    form.hidden = false;
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName));
      if (event.key === "/" && !loaded && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
    var params = new URLSearchParams(location.search);
    if (params.get("zoek") || params.get("gezocht")) {
      load();
    }
  }

  copyButtons();
  filters();
  levelFilter();
  handout();
  search();
})();
