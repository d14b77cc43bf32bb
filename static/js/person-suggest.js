/* The person filter of /beslut/: fills the text box's <datalist> with the names of people the
   reader may see, from decisions:person_suggestions (data-suggest-url), as they type. Without
   this script the box is a plain text box and the typed name filters just the same. */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function enhance(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest-url");
    if (!list || !url || !window.fetch) {
      return;
    }
    var timer = null;
    var asked = "";
    var pending = null;

    function show(results) {
      var options = results.map(function (person) {
        var option = document.createElement("option");
        option.value = person.name;
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    function suggest() {
      var text = input.value.trim();
      if (text === asked) {
        return;
      }
      asked = text;
      if (pending) {
        pending.abort();
      }
      if (text.length < MIN_LENGTH) {
        show([]);
        return;
      }
      pending = new AbortController();
      fetch(url + "?" + new URLSearchParams({ q: text }), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            show(data.results);
          }
        })
        .catch(function () {
          /* aborted or offline: the box still works as a plain text box */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggest-url][list]").forEach(enhance);
})();
