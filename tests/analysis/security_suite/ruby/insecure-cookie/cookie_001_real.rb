# cc-suite: cwe=614 real
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    cookies[:pref] = { value: param, httponly: true }
    head :ok
  end
end
