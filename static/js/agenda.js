/* The day's agenda on one page (templates/minutes/editing/agenda.html), for the keyboard:
   - Enter in a title goes to the next row, adding one (from <template id="rader-mall">) when the
     next row is not empty or there is none, with the focus in its title; Enter in an empty
     title goes to the save button;
   - Upp/Ned move the row in the list without reloading, the focus staying on the pressed button;
   - "Lägg till rad" adds an empty row last.
   Each row's hidden ORDER field is rewritten to its place, so the server saves the order seen.
   Without JavaScript the page still works: empty rows to fill in, and Upp/Ned save and reload. */
(function () {
  "use strict";

  var list = document.getElementById("rader-rader");
  var template = document.getElementById("rader-mall");
  var total = document.getElementById("id_rader-TOTAL_FORMS");
  var status = document.getElementById("dagordning-status");
  if (!list || !template || !total) {
    return;
  }

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-row]"));
  }

  function title(row) {
    return row.querySelector("input[name$='-title']");
  }

  /* Number the rows 1..n (visible "§n", hidden texts, ORDER) and show Upp/Ned where they apply. */
  function renumber() {
    var all = rows();
    all.forEach(function (row, index) {
      row.querySelectorAll("[data-number]").forEach(function (span) {
        span.textContent = String(index + 1);
      });
      var order = row.querySelector("input[name$='-ORDER']");
      if (order) {
        order.value = String(index + 1);
      }
      row.querySelector("[data-move='-1']").hidden = index === 0;
      row.querySelector("[data-move='1']").hidden = index === all.length - 1;
    });
  }

  function addRow(after) {
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("ol");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    if (after && after.nextElementSibling) {
      list.insertBefore(row, after.nextElementSibling);
    } else {
      list.appendChild(row);
    }
    total.value = String(index + 1);
    renumber();
    return row;
  }

  list.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.isComposing || !input.matches("input[name$='-title']")) {
      return;
    }
    event.preventDefault();
    var row = input.closest("[data-row]");
    if (input.value.trim() === "") {
      // Enter on an empty row: done typing; the save button is next.
      document.getElementById("spara-dagordning").focus();
      return;
    }
    var next = row.nextElementSibling;
    if (!next || title(next).value.trim() !== "") {
      next = addRow(row);
    }
    title(next).focus();
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) {
      return;
    }
    event.preventDefault();
    var row = button.closest("[data-row]");
    if (button.getAttribute("data-move") === "-1" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.getAttribute("data-move") === "1" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    // The focus stays on the moved row: on the same button, or the other one at an end.
    var target = button.hidden ? row.querySelector("[data-move]:not([hidden])") : button;
    (target || title(row)).focus();
    var place = rows().indexOf(row) + 1;
    var text = title(row).value.trim();
    if (status && text) {
      status.textContent = status
        .getAttribute("data-moved")
        .replace("%(title)s", text)
        .replace("%(number)s", String(place));
    }
  });

  var add = document.querySelector("[data-agenda-add]");
  if (add) {
    add.hidden = false;
    add.addEventListener("click", function () {
      title(addRow(null)).focus();
    });
  }
})();
