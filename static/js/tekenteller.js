/* Live character counter for textareas with data-tekenteller and a maxlength.
   Progressive enhancement: without JavaScript the hint under the label says the limit.
   The visible count updates at once; screen readers hear it after a pause in typing. */
(function () {
  "use strict";

  function getal(n) {
    return n.toLocaleString("nl-NL");
  }

  function tekst(over) {
    if (over >= 0) {
      return "U heeft nog " + getal(over) + (over === 1 ? " teken" : " tekens") + " over.";
    }
    var teVeel = -over;
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
    voorgelezen.className = "visually-hidden";
    voorgelezen.setAttribute("aria-live", "polite");
    veld.insertAdjacentElement("afterend", voorgelezen);
    veld.insertAdjacentElement("afterend", zichtbaar);

    var wachten = null;
    function bijwerken(ookVoorlezen) {
      var over = max - veld.value.length;
      zichtbaar.textContent = tekst(over);
      zichtbaar.classList.toggle("tekenteller--te-veel", over < 0);
      if (ookVoorlezen) {
        window.clearTimeout(wachten);
        wachten = window.setTimeout(function () {
          voorgelezen.textContent = tekst(max - veld.value.length);
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
