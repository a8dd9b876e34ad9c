// Swagger UI renders parameter fields without labels and code examples that scroll but
// cannot be focused; fix both whenever Swagger UI redraws (WCAG 2.1.1, 4.1.2).
(function () {
  "use strict";
  function benoem() {
    document.querySelectorAll("tr[data-param-name]").forEach(function (rij) {
      var naam = rij.getAttribute("data-param-name");
      rij.querySelectorAll("select, input, textarea").forEach(function (veld) {
        if (!veld.hasAttribute("aria-label") && !veld.labels?.length) {
          veld.setAttribute("aria-label", naam);
        }
      });
    });
    // Wide code examples scroll sideways: keyboard users must be able to reach them.
    document.querySelectorAll(".highlight-code pre:not([tabindex])").forEach(function (blok) {
      blok.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(benoem).observe(document.documentElement, { childList: true, subtree: true });
})();
