;;; interop-test.el --- Eglot + codecrucible.el against the real server  -*- lexical-binding: t; -*-

;; Run (see tests/clients/run.sh):
;;   CC_BINARY=/path/to/codecrucible emacs -Q --batch -L <eglot and deps> -L editors/emacs \
;;     -l tests/clients/emacs/interop-test.el -f ert-run-tests-batch-and-exit
;; Every wait is bounded; a dead server fails the wait at once.

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'flymake)
(require 'python)
(require 'codecrucible)

(defconst cc-test-dir (file-name-directory (or load-file-name buffer-file-name)))
(require 'cc-test-support (expand-file-name "cc-test-support" cc-test-dir))

(defconst cc-test-marker "fixed by the fake model")

(defun cc-test--start-fake-model (script)
  "Start SCRIPT (fake_model_server.mjs) with node; return (PROCESS . URL)."
  (let* ((port nil)
         (process (make-process
                   :name "cc-fake-model" :command (list "node" script) :noquery t
                   :connection-type 'pipe
                   :filter (lambda (_proc output)
                             (when (string-match "\"port\": *\\([0-9]+\\)" output)
                               (setq port (match-string 1 output)))))))
    (cc-test--wait "the fake model server port" (lambda () port))
    (cons process (format "http://127.0.0.1:%s" port))))

(defun cc-test--diagnostic-on-line (line)
  "The codecrucible Flymake diagnostic on 1-based LINE, if any."
  (cl-find-if (lambda (d)
                (and (= (line-number-at-pos (flymake-diagnostic-beg d)) line)
                     (string-match-p "codecrucible" (format "%s" (flymake-diagnostic-text d)))))
              (flymake-diagnostics)))

(defun cc-test--line-of (regexp)
  "1-based line of the first match of REGEXP."
  (save-excursion
    (goto-char (point-min))
    (re-search-forward regexp)
    (line-number-at-pos)))

(ert-deftest codecrucible-eglot-interop ()
  (let* ((binary (or (getenv "CC_BINARY") (ert-fail "CC_BINARY is not set")))
         (fixture (or (getenv "CC_FIXTURE") (expand-file-name "../fixtures/sample.py" cc-test-dir)))
         (workdir (make-temp-file "cc-emacs-interop-" t))
         (path (expand-file-name "sample.py" workdir))
         (codecrucible-program binary)
         (fake-model-script (getenv "CC_FAKE_MODEL"))
         (fake-model (and fake-model-script (cc-test--start-fake-model fake-model-script)))
         (codecrucible-settings
          (append '(:diagnostics (:debounceMs 0))
                  (when fake-model
                    `(:generation
                      (:endpoints
                       [(:name "fake-fast" :kind "ollama" :url ,(cdr fake-model) :tier "fast" :model "fake-coder")
                        (:name "fake-quality" :kind "openai" :url ,(concat (cdr fake-model) "/v1")
                               :tier "quality" :model "fake-coder")]
                       :cache (:enabled :json-false))))))
         (eglot-confirm-server-initiated-edits nil)
         (eglot-sync-connect t)
         (eglot-autoreconnect nil)
         (eglot-events-buffer-size 0)
         (server nil))
    (copy-file fixture path t)
    (unwind-protect
        (with-current-buffer (find-file-noselect path)
          (should (eq major-mode 'python-mode))
          ;; Connect the way M-x eglot does, without the interactive prompts.
          (apply #'eglot (eglot--guess-contact))
          (setq server (cc-test--wait "eglot to connect" #'eglot-current-server))
          (should (cl-typep server 'codecrucible-server))
          (should (eglot--server-capable :codeActionProvider))
          (flymake-mode 1)

          ;; Diagnostics after open (eglot reports through Flymake).
          (let ((eval-line (cc-test--line-of "eval("))
                (secret-line (cc-test--line-of "password = ")))
            (jsonrpc-request server :codecrucible/sync (make-hash-table))
            (flymake-start nil t)
            (cc-test--wait "Flymake diagnostics on the eval and password lines"
                           (lambda ()
                             (and (cc-test--diagnostic-on-line eval-line)
                                  (cc-test--diagnostic-on-line secret-line)))
                           nil server)

            ;; Incremental edit: insert a line at the top, the diagnostic moves down.
            (goto-char (point-min))
            (insert "# edited by the emacs interop test\n")
            (with-no-warnings (eglot--signal-textDocument/didChange))
            (jsonrpc-request server :codecrucible/sync (make-hash-table))
            (flymake-start nil t)
            (cc-test--wait "the eval diagnostic to move one line down"
                           (lambda () (and (cc-test--diagnostic-on-line (1+ eval-line))
                                           (not (cc-test--diagnostic-on-line eval-line))))
                           nil server)

            ;; Code actions for the diagnostic under point, as M-x eglot-code-actions asks.
            (let* ((diag (cc-test--diagnostic-on-line (1+ eval-line)))
                   (actions (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag))))
              (should (> (length actions) 0))
              (dolist (a actions)
                (should (stringp (plist-get a :title))))
              ;; AI fix the eglot 1.9 way: no codeAction/resolve, so the action must carry a
              ;; command; eglot runs it and the server applies the edit with workspace/applyEdit.
              (when fake-model
                (let ((fix (cl-find-if (lambda (a)
                                         ;; Without dataSupport the {action, voice, ...} object
                                         ;; travels only as the command's argument.
                                         (let ((info (or (plist-get a :data)
                                                         (let ((args (plist-get (plist-get a :command) :arguments)))
                                                           (and (> (length args) 0) (elt args 0))))))
                                           (and (listp info) (stringp (plist-get info :action))
                                                (not (plist-get a :disabled))
                                                (string-prefix-p "quickfix" (or (plist-get a :kind) ""))
                                                (string-match-p "fix" (downcase (concat (plist-get info :action) " "
                                                                                        (plist-get a :title)))))))
                                       actions)))
                  (should fix)
                  (should (plist-get fix :command))
                  (cl-letf (((symbol-function 'completing-read)
                             (lambda (&rest _) (plist-get fix :title))))
                    (let ((last-nonmenu-event 13))
                      (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) nil t)))
                  (cc-test--wait "the AI edit in the buffer"
                                 (lambda () (save-excursion
                                              (goto-char (point-min))
                                              (search-forward cc-test-marker nil t)))
                                 nil server)))))

          ;; A command from the package: doctor.
          (codecrucible-doctor)
          (cc-test--wait "the doctor command" (lambda () codecrucible-last-result) nil server)
          (should-not (plist-get codecrucible-last-result :error))
          (with-current-buffer "*codecrucible: Doctor*"
            (should (string-prefix-p "# Doctor" (buffer-string))))

          ;; Analyze the (transient) project: the fixture's directory.
          (codecrucible-analyze-workspace)
          (cc-test--wait "the analyze command" (lambda () codecrucible-last-result) nil server)
          (should-not (plist-get codecrucible-last-result :error))
          (with-current-buffer "*codecrucible: Analyze Workspace*"
            (should (string-prefix-p "# Analyze Workspace" (buffer-string))))

          ;; The status notification reaches the package.
          (cc-test--wait "a codecrucible/status notification" (lambda () codecrucible-last-status) nil server)
          (should (not (string-empty-p (codecrucible-status-string))))

          (cc-test--shutdown server))
      (when fake-model (delete-process (car fake-model)))
      (cc-test--clean-up server workdir))))

;;; interop-test.el ends here
