/* Fields that a choice makes required or applicable, in a form marked data-voorwaarden.
   A field's wrapper says which choice: data-verplicht-bij="naam=waarde,waarde;naam2=waarde"
   (every named field must hold one of its values) and likewise data-alleen-bij.
   Progressive enhancement: without JavaScript every field shows, its label saying when it
   is required ("(verplicht bij toestemming)"). With it, that mark becomes "(verplicht)" and
   the field aria-required once the choice is made, and fields for another choice hide. */
(function () {
  "use strict";

  function gekozen(form, naam) {
    // A group of radio buttons is a RadioNodeList: its value is the one checked.
    var veld = form.elements[naam];
    return veld ? veld.value : "";
  }

  function voldaan(form, voorwaarde) {
    return voorwaarde.split(";").every(function (deel) {
      var paar = deel.split("=");
      return paar[1].split(",").indexOf(gekozen(form, paar[0])) !== -1;
    });
  }

  function bijwerken(form) {
    var delen = form.querySelectorAll("[data-alleen-bij]");
    for (var i = 0; i < delen.length; i++) {
      delen[i].hidden = !voldaan(form, delen[i].getAttribute("data-alleen-bij"));
    }
    var velden = form.querySelectorAll("[data-verplicht-bij]");
    for (var j = 0; j < velden.length; j++) {
      var nodig = voldaan(form, velden[j].getAttribute("data-verplicht-bij"));
      var merk = velden[j].querySelector(".verplicht-bij");
      if (merk) {
        if (!merk.hasAttribute("data-zonder-keuze")) {
          merk.setAttribute("data-zonder-keuze", merk.textContent);
        }
        merk.textContent = nodig ? "(verplicht)" : merk.getAttribute("data-zonder-keuze");
      }
      // A group of checkboxes cannot carry aria-required; its legend says it.
      var invoer = velden[j].querySelectorAll("input:not([type=checkbox]):not([type=radio]), select, textarea");
      for (var k = 0; k < invoer.length; k++) {
        if (nodig) {
          invoer[k].setAttribute("aria-required", "true");
        } else {
          invoer[k].removeAttribute("aria-required");
        }
      }
    }
  }

  function start() {
    var formulieren = document.querySelectorAll("form[data-voorwaarden]");
    for (var i = 0; i < formulieren.length; i++) {
      (function (form) {
        form.addEventListener("change", function () {
          bijwerken(form);
        });
        bijwerken(form);
      })(formulieren[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
