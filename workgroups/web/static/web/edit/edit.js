/* The editing forms' script: a live Markdown preview, and a confirmation before ending a
   seat. No inline script: the Content-Security-Policy allows only files from this site.
   Without this script every form still works: the server shows its own confirmation step. */
(function () {
  "use strict";

  /* The preview: the server renders it exactly as it will be published (sanitised), so what
     the editor sees is what readers get. */
  function preview() {
    var out = document.getElementById("preview");
    var areas = document.querySelectorAll("textarea[data-preview]");
    if (!out || !areas.length) {
      return;
    }
    var url = out.getAttribute("data-url");
    var form = areas[0].form;
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var token = tokenInput ? tokenInput.value : "";
    var timer = null;
    var sequence = 0;

    function update(area) {
      var mine = ++sequence;
      var body = new URLSearchParams();
      body.set("text", area.value);
      out.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      })
        .then(function (response) {
          if (response.redirected) {
            // Sent to sign in: the session expired. Submitting keeps the text.
            throw new Error("signed out");
          }
          if (!response.ok) {
            throw new Error("preview " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (mine === sequence) {
            out.innerHTML = html; // sanitised by the server (nh3)
            out.removeAttribute("aria-busy");
            out.setAttribute("data-rendered", String(mine));
          }
        })
        .catch(function (error) {
          if (mine === sequence) {
            out.textContent =
              error.message === "signed out"
                ? "You are signed out, so there is no preview. Submit the form: you will be " +
                  "asked to sign in, and your text will be kept."
                : "The preview is not available just now.";
            out.removeAttribute("aria-busy");
          }
        });
    }

    Array.prototype.forEach.call(areas, function (area) {
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          update(area);
        }, 250);
      });
      area.addEventListener("focus", function () {
        if (area.value) {
          update(area);
        }
      });
    });
    var first = areas[0];
    if (first.value) {
      update(first);
    }
  }

  /* Ending a seat: the roster's End button asks first, in a dialog that names the person,
     the role and the date; confirming sends the form with its confirm field set. */
  function confirmEnd() {
    var dialog = document.getElementById("end-dialog");
    var question = document.getElementById("end-dialog-question");
    var forms = document.querySelectorAll("form[data-end-person]");
    if (!dialog || !question || typeof dialog.showModal !== "function" || !forms.length) {
      return;
    }
    var pending = null;
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        var confirmInput = form.querySelector("input[name=confirm]");
        var end = form.querySelector("input[name=end]");
        if (!confirmInput || confirmInput.value || !end || !end.value.trim()) {
          return; // confirmed, or the server refuses the missing date on its own page
        }
        event.preventDefault();
        question.textContent =
          "End " +
          form.getAttribute("data-end-person") +
          "'s membership as " +
          form.getAttribute("data-end-role") +
          " on " +
          end.value.trim() +
          "?";
        pending = form;
        dialog.returnValue = "";
        dialog.showModal();
      });
    });
    dialog.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (form && dialog.returnValue === "confirm") {
        form.querySelector("input[name=confirm]").value = "yes";
        form.submit();
      }
    });
  }

  preview();
  confirmEnd();
})();
