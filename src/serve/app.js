/* kaohe serve: optional help for the upload form (drag and drop, the list
 * of chosen files, upload progress).  Everything works without it. */
"use strict";
(function () {
	var form = document.getElementById("upload");
	var input = document.getElementById("files");
	var drop = document.getElementById("drop");
	var list = document.getElementById("chosen");
	var bar = document.getElementById("bar");
	if (!form || !input || !drop || !window.FormData)
		return;
	function show() {
		while (list.firstChild)
			list.removeChild(list.firstChild);
		for (var i = 0; i < input.files.length; i++) {
			var li = document.createElement("li");
			li.textContent = input.files[i].name + "（" +
			    Math.max(1, Math.round(input.files[i].size / 1024)) + " KB）";
			list.appendChild(li);
		}
	}
	input.addEventListener("change", show);
	["dragenter", "dragover"].forEach(function (t) {
		drop.addEventListener(t, function (e) {
			e.preventDefault();
			drop.classList.add("over");
		});
	});
	["dragleave", "drop"].forEach(function (t) {
		drop.addEventListener(t, function () {
			drop.classList.remove("over");
		});
	});
	drop.addEventListener("drop", function (e) {
		e.preventDefault();
		if (e.dataTransfer && e.dataTransfer.files.length) {
			input.files = e.dataTransfer.files;
			show();
		}
	});
	form.addEventListener("submit", function (e) {
		if (!window.XMLHttpRequest || !bar)
			return;
		e.preventDefault();
		var x = new XMLHttpRequest();
		x.open("POST", form.action);
		x.upload.addEventListener("progress", function (p) {
			if (p.lengthComputable)
				bar.value = Math.round(100 * p.loaded / p.total);
		});
		x.addEventListener("load", function () {
			if (x.status === 200 && x.responseURL.indexOf("/jobs/") >= 0) {
				window.location.href = x.responseURL;
				return;
			}
			/* an error page: show it as the server wrote it */
			var doc = new DOMParser().parseFromString(x.responseText, "text/html");
			document.title = doc.title;
			document.body.replaceWith(document.adoptNode(doc.body));
		});
		x.addEventListener("error", function () {
			form.submit();
		});
		bar.hidden = false;
		x.send(new FormData(form));
	});
})();
