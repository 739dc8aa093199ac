# cc-suite: cwe=614 safe
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    cookies[:pref] = { value: param, secure: true, httponly: true }
    head :ok
  end
end
