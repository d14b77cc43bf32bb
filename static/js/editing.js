/* Recording minutes: add a formset row without reloading the page.
   Each [data-add-row="<prefix>"] button clones <template id="<prefix>-mall"> into
   #<prefix>-rader, numbers it from <prefix>-TOTAL_FORMS and moves focus into it, so the
   keyboard alone is enough. Without JavaScript the buttons stay hidden and the page still works. */
(function () {
  "use strict";

  function addRow(prefix) {
    var template = document.getElementById(prefix + "-mall");
    var rows = document.getElementById(prefix + "-rader");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !rows || !total) {
      return;
    }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    var empty = rows.querySelector(".note");
    if (empty) {
      empty.remove();
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      addRow(button.getAttribute("data-add-row"));
    });
  });

  var summary = document.getElementById("felsammanfattning");
  if (summary) {
    summary.focus();
  }
})();
