/* Live character counter for textareas with data-tekenteller and a maxlength.
   Progressive enhancement: without JavaScript the hint under the label says the limit.
   The visible count updates at once; screen readers hear it after a pause in typing. */
(function () {
  "use strict";

  function getal(n) {
    return n.toLocaleString(document.documentElement.lang || "nl-NL");
  }

  // The page may give the texts in its language (data-over, data-een-over, data-te-veel,
  // data-een-te-veel, with {n} for the number); Dutch when it does not.
  function tekst(veld, over) {
    var d = veld.dataset;
    if (over >= 0) {
      var o = over === 1 ? d.eenOver : d.over;
      if (o) return o.replace("{n}", getal(over));
      return "U heeft nog " + getal(over) + (over === 1 ? " teken" : " tekens") + " over.";
    }
    var teVeel = -over;
    var t = teVeel === 1 ? d.eenTeVeel : d.teVeel;
    if (t) return t.replace("{n}", getal(teVeel));
    return "U heeft " + getal(teVeel) + (teVeel === 1 ? " teken" : " tekens") + " te veel.";
  }

  function koppel(veld) {
    var max = parseInt(veld.getAttribute("maxlength"), 10);
    if (!max) {
      return;
    }
    var zichtbaar = document.createElement("p");
    zichtbaar.className = "tekenteller";
    zichtbaar.setAttribute("aria-hidden", "true");
    var voorgelezen = document.createElement("p");
    voorgelezen.className = "visueel-verborgen";
    voorgelezen.setAttribute("aria-live", "polite");
    veld.insertAdjacentElement("afterend", voorgelezen);
    veld.insertAdjacentElement("afterend", zichtbaar);

    var wachten = null;
    function bijwerken(ookVoorlezen) {
      var over = max - veld.value.length;
      zichtbaar.textContent = tekst(veld, over);
      zichtbaar.classList.toggle("tekenteller--te-veel", over < 0);
      if (ookVoorlezen) {
        window.clearTimeout(wachten);
        wachten = window.setTimeout(function () {
          voorgelezen.textContent = tekst(veld, max - veld.value.length);
        }, 1000);
      }
    }
    veld.addEventListener("input", function () {
      bijwerken(true);
    });
    bijwerken(false);
  }

  function start() {
    var velden = document.querySelectorAll("textarea[data-tekenteller][maxlength]");
    for (var i = 0; i < velden.length; i++) {
      koppel(velden[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
