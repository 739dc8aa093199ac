;;; codecrucible.el --- CodeCrucible language server for Eglot  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The CodeCrucible contributors

;; Author: The CodeCrucible contributors
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, convenience
;; URL: https://github.com/codecrucible/codecrucible

;; This file is not part of GNU Emacs.
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Registers `codecrucible lsp' with Eglot for the supported major modes and adds commands
;; for the server's custom features:
;;
;;   M-x codecrucible-analyze-workspace   analyse every file of the project
;;   M-x codecrucible-ask                 ask the council of voices (about the region)
;;   M-x codecrucible-doctor              check model servers, configuration and caches
;;   M-x codecrucible-status              health of the model servers
;;   M-x codecrucible-metrics             the server's counters
;;
;; Quick start:
;;
;;   (require 'codecrucible)
;;   (add-hook 'python-mode-hook #'eglot-ensure)
;;
;; Server settings (the `codecrucible' section of the server's JSON schema) go in
;; `codecrucible-settings' (sent as initializationOptions) or, per project, in
;; .dir-locals.el through `eglot-workspace-configuration':
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:codecrucible (:analysis (:thresholds (:complexity 15))))))))
;;
;; Eglot runs one server per buffer.  To use CodeCrucible beside another server for the
;; same language, run both behind a multiplexer; see README.md next to this file.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)
(require 'project)

(defgroup codecrucible nil
  "CodeCrucible static analysis and local-LLM assistance through Eglot."
  :group 'tools
  :prefix "codecrucible-"
  :link '(url-link "https://github.com/codecrucible/codecrucible"))

(defcustom codecrucible-program "codecrucible"
  "Name or path of the codecrucible executable."
  :type 'string)

(defcustom codecrucible-program-args '("lsp" "--stdio")
  "Arguments that start the language server."
  :type '(repeat string))

(defcustom codecrucible-major-modes
  '(python-mode python-ts-mode c-mode c-ts-mode c++-mode c++-ts-mode
    js-mode js-ts-mode typescript-mode typescript-ts-mode tsx-ts-mode
    go-mode go-ts-mode rust-mode rust-ts-mode java-mode java-ts-mode
    sh-mode bash-ts-mode ruby-mode ruby-ts-mode php-mode lua-mode csharp-mode)
  "Major modes Eglot starts CodeCrucible for.
Takes effect when `codecrucible-register' runs (at load time)."
  :type '(repeat symbol))

(defcustom codecrucible-register-with-eglot t
  "When non-nil, loading this package adds CodeCrucible to `eglot-server-programs'.
The entry goes first, so it replaces other servers for those modes; use a
multiplexer (see README.md) to keep both."
  :type 'boolean)

(defcustom codecrucible-settings nil
  "Server settings as a plist, e.g. (:analysis (:enabled t)).
Sent as initializationOptions; keys follow the server's settings schema."
  :type '(plist))

(defcustom codecrucible-council-preset "default"
  "Council preset used by `codecrucible-ask' when none is given."
  :type 'string)

(defvar codecrucible-last-status nil
  "Plist of the latest `codecrucible/status' notification.")

(defvar codecrucible-last-result nil
  "Plist (:command C :result R :error E) of the last command run from Emacs.")

(defvar codecrucible-status-hook nil
  "Hook run after each `codecrucible/status' notification.")

(defclass codecrucible-server (eglot-lsp-server) ()
  :documentation "Eglot connection to `codecrucible lsp'.")

(cl-defmethod eglot-initialization-options ((_server codecrucible-server))
  "Send `codecrucible-settings' as initializationOptions."
  (or codecrucible-settings (make-hash-table)))

(cl-defmethod eglot-handle-request
  ((_server codecrucible-server) (_method (eql workspace/configuration)) &key items)
  "Answer `workspace/configuration' for the `codecrucible' section.
The section from `eglot-workspace-configuration' (e.g. .dir-locals.el) wins;
without one, answer `codecrucible-settings' rather than null so the server
sees the same settings as in initializationOptions."
  (let ((answers (cl-call-next-method)))
    (cl-loop for item across (if (vectorp items) items (vconcat items))
             for i from 0
             when (and (equal (plist-get item :section) "codecrucible")
                       (null (aref answers i))
                       codecrucible-settings)
             do (aset answers i codecrucible-settings))
    answers))

(cl-defmethod eglot-handle-notification
  ((_server codecrucible-server) (_method (eql codecrucible/status)) &rest params)
  "Remember the status PARAMS and run `codecrucible-status-hook'."
  (setq codecrucible-last-status params)
  (run-hooks 'codecrucible-status-hook))

(defun codecrucible--contact (&optional _interactive)
  "Eglot contact for CodeCrucible."
  `(codecrucible-server ,codecrucible-program ,@codecrucible-program-args))

;;;###autoload
(defun codecrucible-register ()
  "Add CodeCrucible to `eglot-server-programs' for `codecrucible-major-modes'."
  (interactive)
  (setq eglot-server-programs
        (cons (cons codecrucible-major-modes #'codecrucible--contact)
              (cl-remove #'codecrucible--contact eglot-server-programs :key #'cdr))))

(defun codecrucible--server ()
  "The CodeCrucible server of the current buffer, or an error."
  (let ((server (eglot-current-server)))
    (unless (and server (cl-typep server 'codecrucible-server))
      (user-error "No CodeCrucible server here: open a supported file and M-x eglot"))
    server))

(defun codecrucible--project-root (server)
  "Root directory of SERVER's project."
  (with-no-warnings (project-root (eglot--project server))))

(defun codecrucible--render (title result)
  "Markdown text for RESULT of the command TITLE."
  (concat
   "# " title "\n\n"
   (cond
    ((null result) "Done (the server returned no details).")
    ((stringp result) result)
    ((and (listp result) (stringp (plist-get result :markdown))) (plist-get result :markdown))
    ((and (listp result) (stringp (plist-get result :text))) (plist-get result :text))
    ((and (listp result) (stringp (plist-get result :report))) (plist-get result :report))
    (t (concat (if (and (listp result) (stringp (plist-get result :summary)))
                   (concat (plist-get result :summary) "\n\n")
                 "")
               "```json\n" (jsonrpc--json-encode result) "\n```")))
   "\n"))

(defun codecrucible--show (title result)
  "Show RESULT of the command TITLE in a buffer; return the buffer."
  (let ((buffer (get-buffer-create (format "*codecrucible: %s*" title))))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (codecrucible--render title result))
        (goto-char (point-min)))
      (if (fboundp 'markdown-mode) (funcall 'markdown-mode) (text-mode))
      (setq buffer-read-only t))
    (display-buffer buffer)
    buffer))

(defun codecrucible-execute (command arguments &optional title silent)
  "Run the server COMMAND with ARGUMENTS (a list) asynchronously.
Shows the result in a buffer named after TITLE unless SILENT."
  (let ((server (codecrucible--server))
        (title (or title command)))
    (setq codecrucible-last-result nil)
    (message "CodeCrucible: %s..." title)
    (jsonrpc-async-request
     server :workspace/executeCommand
     (list :command command :arguments (vconcat arguments))
     :success-fn
     (lambda (result)
       (setq codecrucible-last-result (list :command command :result result))
       (unless silent (codecrucible--show title result))
       (message "CodeCrucible: %s done%s" title
                (if (and (listp result) (stringp (plist-get result :summary)))
                    (concat ": " (plist-get result :summary))
                  "")))
     :error-fn
     (lambda (error)
       (setq codecrucible-last-result (list :command command :error error))
       (message "CodeCrucible: %s failed: %s" title (plist-get error :message)))
     :timeout-fn
     (lambda ()
       (setq codecrucible-last-result (list :command command :error '(:message "timed out")))
       (message "CodeCrucible: %s timed out" title))
     :timeout 600)))

;;;###autoload
(defun codecrucible-analyze-workspace ()
  "Analyse every file of the current project."
  (interactive)
  (let ((root (codecrucible--project-root (codecrucible--server))))
    (codecrucible-execute "codecrucible.analyzeWorkspace"
                          (list (list :root (expand-file-name root)))
                          "Analyze Workspace")))

;;;###autoload
(defun codecrucible-doctor ()
  "Check model servers, configuration and caches."
  (interactive)
  (codecrucible-execute "codecrucible.doctor" nil "Doctor"))

;;;###autoload
(defun codecrucible-ask (question &optional beg end preset)
  "Ask the council QUESTION about the region BEG..END with PRESET."
  (interactive
   (append (list (read-string "Ask the council: "))
           (if (use-region-p) (list (region-beginning) (region-end)) (list nil nil))
           (list (when current-prefix-arg
                   (read-string "Preset: " nil nil codecrucible-council-preset)))))
  (codecrucible--server)
  (let ((argument (list :question question :preset (or preset codecrucible-council-preset))))
    (when buffer-file-name
      (let ((id (with-no-warnings (eglot--VersionedTextDocumentIdentifier))))
        (setq argument (append argument (list :uri (plist-get id :uri) :version (plist-get id :version))))))
    (when (and beg end)
      (setq argument
            (append argument
                    (list :range (list :start (with-no-warnings (eglot--pos-to-lsp-position beg))
                                       :end (with-no-warnings (eglot--pos-to-lsp-position end)))))))
    (codecrucible-execute "codecrucible.askCouncil" (list argument) "Ask the Council")))

(defun codecrucible-status-string ()
  "Short status text for the mode line.
\"CC 1/2\" (healthy/total model servers), \"CC static\" or \"CC AI off\"."
  (cond
   ((null codecrucible-last-status) "")
   ((eq (plist-get codecrucible-last-status :enabled) :json-false) "CC AI off")
   (t
    (let* ((backends (append (plist-get codecrucible-last-status :backends) nil))
           (healthy (cl-count-if (lambda (b) (eq (plist-get b :healthy) t)) backends)))
      (if (null backends)
          "CC static"
        (format "CC %d/%d" healthy (length backends)))))))

;;;###autoload
(defun codecrucible-status ()
  "Show the health of the model servers."
  (interactive)
  (if codecrucible-last-status
      (message "CodeCrucible: %s (%s)"
               (or (plist-get codecrucible-last-status :summary) "")
               (codecrucible-status-string))
    (message "CodeCrucible: no status from the server yet")))

;;;###autoload
(defun codecrucible-metrics ()
  "Show the server's metrics (`codecrucible/metrics')."
  (interactive)
  (codecrucible--show "Metrics"
                      (jsonrpc-request (codecrucible--server) :codecrucible/metrics (make-hash-table))))

(when codecrucible-register-with-eglot
  (codecrucible-register))

(provide 'codecrucible)
;;; codecrucible.el ends here
