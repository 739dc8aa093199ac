# cc-suite: cwe=611 safe
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    doc = Nokogiri::XML(param) { |config| config.nonet }
    render plain: doc.root.name
  end
end
