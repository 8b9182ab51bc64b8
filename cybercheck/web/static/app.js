// A little JavaScript where it helps: quick exit at once, the idle lock, live progress.
// Every page works without it.
(function () {
  "use strict";
  var body = document.body;
  if (!body) { return; }
  var awayUrl = body.getAttribute("data-away-url");

  // Quick exit: blank the page before anything else, then replace it (so Back does not return here).
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    document.title = "New Tab";
    body.innerHTML = "";
    window.location.replace(awayUrl);
  }
  var exit = document.getElementById("quick-exit");
  if (exit && awayUrl) {
    exit.addEventListener("click", quickExit);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { quickExit(event); }
    });
  }

  // Idle lock: after the configured time without use, go to the lock page.
  var idle = parseInt(body.getAttribute("data-idle") || "0", 10);
  var lockedUrl = body.getAttribute("data-locked-url");
  var aliveUrl = body.getAttribute("data-alive-url");
  var csrf = body.getAttribute("data-csrf");
  if (idle > 0 && lockedUrl) {
    var timer = null;
    var lastPing = Date.now();
    var lock = function () { body.innerHTML = ""; window.location.replace(lockedUrl + "?idle=1"); };
    var used = function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(lock, idle * 1000);
      // Tell the server the page is in use, at most every third of the idle time.
      if (aliveUrl && csrf && Date.now() - lastPing > idle * 1000 / 3) {
        lastPing = Date.now();
        fetch(aliveUrl, { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
      }
    };
    ["keydown", "pointerdown", "pointermove", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, used, { passive: true });
    });
    used();
  }

  // Live progress on the running page.
  var list = document.getElementById("progress");
  if (list) {
    var url = list.getAttribute("data-url");
    var shownQuestion = list.getAttribute("data-question") || "";
    var poll = function () {
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.status === 403) { window.location.replace(lockedUrl); return null; }
        return response.json();
      }).then(function (data) {
        if (!data) { return; }
        if (data.finished) { window.location.assign(list.getAttribute("data-results")); return; }
        if (String(data.question || "") !== shownQuestion) { window.location.reload(); return; }
        list.innerHTML = "";
        data.checks.forEach(function (c) {
          var item = document.createElement("li");
          item.className = "state-" + c.state;
          var label = document.createElement("span");
          label.className = "label";
          label.textContent = c.title;
          var state = document.createElement("span");
          state.className = "state";
          state.textContent = c.state_text + (c.status ? " — " + c.status : "");
          item.appendChild(label);
          item.appendChild(document.createTextNode(": "));
          item.appendChild(state);
          if (c.total) {
            var bar = document.createElement("progress");
            bar.max = c.total; bar.value = c.done;
            bar.setAttribute("aria-label", c.title);
            item.appendChild(document.createTextNode(" "));
            item.appendChild(bar);
          }
          list.appendChild(item);
        });
        window.setTimeout(poll, 1000);
      }).catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 500);
  }

  // Printing a page prints its folded sections too (evidence, hashes): a browser prints nothing of a closed one.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-opened-for-print");
    });
  });
}());
