// Progressive enhancement only: every page works without this file.
// Live "ends in" countdowns, and the resend cooldown on the code page.
(function () {
  function describe(ms) {
    if (ms <= 0) return "0 s";
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d >= 1) return h > 0 ? d + " d " + h + " h" : d + " d";
    if (h >= 1) return m > 0 ? h + " h " + m + " min" : h + " h";
    if (m >= 1) return m + " min";
    return (s % 60) + " s";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var target = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(target)) el.textContent = describe(target - now);
    });
    document.querySelectorAll("[data-cooldown-until]").forEach(function (el) {
      var until = Date.parse(el.getAttribute("data-cooldown-until"));
      var left = Math.ceil((until - now) / 1000);
      var button = document.getElementById(el.getAttribute("data-cooldown-for"));
      if (left > 0) {
        el.textContent = "You can ask for a new code in " + left + " s.";
        if (button) button.disabled = true;
      } else {
        el.textContent = "";
        if (button) button.disabled = false;
      }
    });
  }
  function enableCopy() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard || button.dataset.copyReady) return;
      button.dataset.copyReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-copy-target"));
        navigator.clipboard.writeText(input.value).then(function () { button.textContent = "Copied"; });
      });
    });
  }
  function start() { tick(); enableCopy(); setInterval(tick, 1000); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  document.addEventListener("enhancedload", function () { tick(); enableCopy(); });
})();
