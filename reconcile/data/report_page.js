/* The report page's behaviour: filters, the claim panel, revealing link targets, printing everything.
   No library, no network. Without it the page still reads in full; links still lead to findings. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var filters = doc.getElementById("filters");
  var panel = doc.getElementById("panel");
  var panelBody = panel.querySelector(".panel-body");
  var panelTitle = doc.getElementById("panel-h");
  var cards = Array.prototype.slice.call(doc.querySelectorAll("main .finding[data-finding]"));
  var inputs = Array.prototype.slice.call(filters.querySelectorAll("input[type=checkbox]"));
  var groups = Array.prototype.slice.call(doc.querySelectorAll(".group[id]")).filter(function (g) {
    return g.querySelector(".finding");
  });
  var lastMark = null;

  function hiddenSet(name) {
    var off = {};
    inputs.forEach(function (i) { if (i.name === name && !i.checked) off[i.value] = true; });
    return off;
  }

  function applyFilters() {
    var offKind = hiddenSet("kind"), offVerdict = hiddenSet("verdict");
    inputs.forEach(function (i) {
      root.classList.toggle("hide-" + i.name.charAt(0) + "-" + i.value, !i.checked);
    });
    var shown = 0;
    var perGroup = new Map();
    cards.forEach(function (card) {
      var on = !offKind[card.dataset.kind] && !offVerdict[card.dataset.verdict];
      if (on) shown += 1;
      var group = card.closest(".group");
      perGroup.set(group, (perGroup.get(group) || 0) + (on ? 1 : 0));
    });
    groups.forEach(function (g) {
      var n = perGroup.get(g) || 0;
      var count = g.querySelector("h2 .count");
      var total = count ? count.getAttribute("data-total") : null;
      if (count && total !== null) count.textContent = n === +total ? "(" + total + ")" : "(" + n + " of " + total + " shown)";
      var none = g.querySelector(".none");
      if (none) none.hidden = n > 0;
    });
    doc.getElementById("shown").textContent = shown + " of " + cards.length + " findings shown";
  }

  function openAncestors(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) p.open = true;
    }
  }

  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }

  // Show whatever a link points at: open the folds around it, lift the filters that hide it, scroll, focus.
  function reveal(id, focus) {
    var el = id && doc.getElementById(id);
    if (!el) return false;
    if (el.classList.contains("finding") && getComputedStyle(el).display === "none") {
      inputs.forEach(function (i) {
        if ((i.name === "kind" && i.value === el.dataset.kind) || (i.name === "verdict" && i.value === el.dataset.verdict)) {
          i.checked = true;
        }
      });
      applyFilters();
    }
    openAncestors(el);
    if (el.tagName === "DETAILS") el.open = true;
    var scroller = el.closest(".text");
    el.scrollIntoView({ block: el.classList.contains("hl") ? "center" : "start" });
    if (scroller) scroller.closest(".src").scrollIntoView({ block: "nearest" });
    if (focus !== false) el.focus({ preventScroll: true });
    flash(el);
    return true;
  }

  function onLink(event) {
    var a = event.target.closest("a[href^='#']");
    if (!a || event.defaultPrevented || event.button > 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!doc.getElementById(id)) return;
    event.preventDefault();
    if (location.hash !== "#" + id) history.pushState(null, "", "#" + id);
    if (panel.contains(a)) closePanel(false);
    reveal(id);
  }

  // The claim panel: the findings of the claim(s) under a highlight, copied from their cards.
  function showClaim(mark) {
    if (lastMark) lastMark.classList.remove("active");
    lastMark = mark;
    mark.classList.add("active");
    var claims = (mark.getAttribute("data-claims") || "").split(" ");
    var findings = (mark.getAttribute("data-findings") || "").split(" ").filter(Boolean);
    var src = mark.closest(".src");
    var outlet = src ? src.querySelector("summary .outlet").textContent : "";
    panelTitle.textContent = "\u201c" + mark.textContent + "\u201d in " + outlet;
    panelBody.textContent = "";
    findings.forEach(function (fid) {
      var card = doc.getElementById(fid);
      if (!card) return;
      var copy = card.cloneNode(true);
      copy.removeAttribute("id");
      copy.removeAttribute("tabindex");
      copy.setAttribute("aria-labelledby", "");
      Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
      Array.prototype.forEach.call(copy.querySelectorAll(".claim[data-claim]"), function (li) {
        if (claims.indexOf(li.getAttribute("data-claim")) >= 0) li.classList.add("this");
      });
      var go = doc.createElement("p");
      var link = doc.createElement("a");
      link.href = "#" + fid;
      link.className = "open-finding";
      link.textContent = "Go to finding " + card.getAttribute("data-finding") + " \u2192";
      go.appendChild(link);
      panelBody.appendChild(go);
      panelBody.appendChild(copy);
    });
    if (!findings.length) panelBody.textContent = "This claim belongs to no finding.";
    var box = mark.getBoundingClientRect();
    panel.classList.toggle("left", box.left + box.width / 2 > window.innerWidth / 2);
    panel.hidden = false;
    panel.focus();
  }

  function closePanel(restore) {
    panel.hidden = true;
    if (lastMark) {
      lastMark.classList.remove("active");
      if (restore !== false) lastMark.focus();
    }
  }

  filters.hidden = false;
  var toggle = filters.querySelector(".filter-toggle");
  toggle.addEventListener("click", function () {
    var open = filters.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  inputs.forEach(function (i) { i.addEventListener("change", applyFilters); });
  doc.addEventListener("click", function (event) {
    var mark = event.target.closest(".text mark.hl");
    if (mark && !event.target.closest("a")) {
      showClaim(mark);
      return;
    }
    onLink(event);
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      closePanel(true);
      return;
    }
    var mark = event.target.closest && event.target.closest(".text mark.hl");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showClaim(mark);
    }
  });
  panel.querySelector(".close").addEventListener("click", function () { closePanel(true); });
  window.addEventListener("popstate", function () { reveal(decodeURIComponent(location.hash.slice(1)), false); });

  // Print everything: open every fold for the printout, then put them back.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.slice.call(doc.querySelectorAll("details:not([open])"));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });

  applyFilters();
  if (location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1)), false);
  root.setAttribute("data-ready", "1");
  window.reportReadyAt = performance.now();
})();
